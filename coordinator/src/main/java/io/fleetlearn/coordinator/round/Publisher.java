package io.fleetlearn.coordinator.round;

import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.protocol.message.CoordinatorStatus;
import io.fleetlearn.protocol.message.TaskMessage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a round sends: each variant's model frame, retained on {@code model/{version}/{variant}}
 * (older versions' retained frames cleared with an empty retained payload), and one task per device
 * on {@code device/{id}/task} with MQTT 5 message expiry at the deadline.
 */
final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

  private final RoundDriver driver;
  private final Fleet fleet;

  Publisher(RoundDriver driver) {
    this.driver = driver;
    this.fleet = driver.fleet;
  }

  /** Publishes the round's model frames and tasks; also used to republish after a restart. */
  Future<Void> publish(LiveRound r, TrainingView t, Map<String, Ratio> widths) {
    List<Future<Void>> sent = new ArrayList<>();
    for (String variant : widths.keySet()) {
      String topic = fleet.topics().model(r.modelVersion, variant);
      sent.add(
          fleet
              .models()
              .frame(r.modelVersion, variant)
              .compose(
                  f -> {
                    byte[] frame = f.orElseThrow();
                    fleet.metrics().bytesOut(frame.length);
                    return fleet.mqtt().publish(topic, frame, true);
                  }));
    }
    for (ModelView old : fleet.models().publishedBefore(r.modelVersion)) {
      for (ModelView.Variant v : old.variants()) {
        // An empty retained message deletes the retained frame of an old version.
        sent.add(
            fleet
                .mqtt()
                .publish(fleet.topics().model(old.version(), v.variant()), new byte[0], true));
      }
    }
    // The retained coordinator status tells devices (and people) which round and version are on.
    byte[] status =
        fleet
            .messages()
            .write(
                new CoordinatorStatus(
                    fleet.topics().fleet(),
                    true,
                    fleet.clock().getAsLong(),
                    r.round,
                    r.modelVersion));
    sent.add(fleet.mqtt().publish(fleet.topics().coordinatorStatus(), status, true));
    return Future.all(sent)
        .compose(v -> sendTasks(r, t))
        .onSuccess(
            v -> {
              driver.closer.armDeadline(r);
              LOG.info(
                  "round {} ({}) of training {} open: {} devices, variants {}",
                  r.round,
                  r.typeName(),
                  t.id(),
                  r.assignments.size(),
                  widths.keySet());
            });
  }

  private Future<Void> sendTasks(LiveRound r, TrainingView t) {
    List<Future<Void>> sent = new ArrayList<>();
    for (Assignment a : r.assignments.values()) {
      if (a.outcome() == Assignment.Outcome.ASSIGNED) {
        sent.add(sendTask(r, t, a));
      }
    }
    return Future.all(sent).mapEmpty();
  }

  /** Sends one device its task, with message expiry at the deadline; nothing once it passed. */
  Future<Void> sendTask(LiveRound r, TrainingView t, Assignment a) {
    TrainingRequest q = t.request();
    long now = fleet.clock().getAsLong();
    if (r.deadlineMillis <= now) {
      return Future.succeededFuture();
    }
    long expiry = Math.max(1, (r.deadlineMillis - now + 999) / 1000);
    double mu = q.strategyOptions().getOrDefault("mu", q.proximalMu());
    TaskMessage task =
        new TaskMessage(
            r.type,
            r.round,
            r.modelVersion,
            a.variant(),
            driver.spec.toString(),
            a.widthPpm(),
            q.uploadPipeline(),
            q.epochs(),
            q.batchSize(),
            q.learningRate(),
            q.optimizer(),
            "fedprox".equals(q.strategy()) ? mu : q.proximalMu(),
            q.l1(),
            r.deadlineMillis);
    byte[] payload = fleet.messages().write(task);
    fleet.metrics().bytesOut(payload.length);
    fleet.registry().assigned(a.deviceId(), a.widthPpm());
    return fleet.mqtt().publish(fleet.topics().task(a.deviceId()), payload, false, expiry);
  }
}
