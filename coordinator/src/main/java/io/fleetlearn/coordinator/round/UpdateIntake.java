package io.fleetlearn.coordinator.round;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.ingest.Rejection;
import io.fleetlearn.coordinator.ingest.UpdateBody;
import io.fleetlearn.coordinator.ingest.UpdateHeader;
import io.fleetlearn.coordinator.mqtt.InboundMessage;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in updates from {@code device/+/update}: cheap header checks on the event loop, decode and
 * value checks on a worker, then the fold and one SYNC batch (receipt + frame + round counters).
 * Every refusal is counted by reason (metrics and the open round) and logged once per device,
 * reason and round; none stops the round.
 */
public final class UpdateIntake {
  private static final Logger LOG = LoggerFactory.getLogger(UpdateIntake.class);
  private static final int MAX_LOGGED = 10_000;
  private static final int MAX_QUEUED = 8;

  private final RoundDriver driver;
  private final Fleet fleet;
  private final Set<String> loggedOutsideRounds = new HashSet<>();
  private final Admission admission;
  private final UpdateFold folding;

  UpdateIntake(RoundDriver driver) {
    this.driver = driver;
    this.admission = new Admission(driver);
    this.folding = new UpdateFold(driver, this);
    this.fleet = driver.fleet;
  }

  DecodeLimits limits() {
    return admission.limits();
  }

  /** Re-folds a stored update during recovery; false if it no longer passes (not expected). */
  boolean refold(LiveRound r, Receipt receipt, byte[] frame) {
    return folding.refold(r, receipt, frame);
  }

  /**
   * Handles one message from {@code device/+/update}. Its MQTT acknowledgement waits until the
   * update is refused or its receipt is written: a crash in between leaves it unacknowledged, and a
   * broker holding the coordinator's persistent session delivers it again.
   */
  public void handle(InboundMessage m) {
    Runnable ack = m.ack().defer();
    try {
      take(m).onComplete(x -> ack.run());
    } catch (RuntimeException e) {
      ack.run();
      throw e;
    }
  }

  private Future<Void> take(InboundMessage m) {
    int bytes = m.payload().length;
    fleet.metrics().updateReceived(bytes);
    Optional<String> topicDevice = fleet.topics().deviceOf(m.topic(), "update");
    if (topicDevice.isEmpty()) {
      return Future.succeededFuture();
    }
    String device = topicDevice.get();
    LiveRound r = driver.live;
    UpdateHeader h;
    try {
      h = UpdateHeader.read(m.payload(), device, limits());
    } catch (Rejection e) {
      reject(r, device, e, bytes);
      return Future.succeededFuture();
    }
    if (r == null) {
      reject(null, device, admission.refusal(null, h), bytes);
      return Future.succeededFuture();
    }
    // One device's updates are checked one after the other, each against the state its
    // predecessor left (a retry after a refusal is fine, a second accepted update is not).
    int waiting = r.queued.merge(device, 1, Integer::sum);
    if (waiting > MAX_QUEUED) {
      r.queued.merge(device, -1, Integer::sum);
      reject(
          r,
          device,
          new Rejection(
              Rejection.DUPLICATE,
              "update from "
                  + device
                  + ": "
                  + MAX_QUEUED
                  + " of its updates wait already; refused"),
          bytes);
      return Future.succeededFuture();
    }
    Future<Void> previous = r.tails.getOrDefault(device, Future.succeededFuture());
    Future<Void> next =
        previous.transform(
            x -> {
              r.queued.merge(device, -1, Integer::sum);
              return process(r, h, m.payload());
            });
    r.tails.put(device, next);
    next.onComplete(
        x -> {
          if (r.tails.get(device) == next) {
            r.tails.remove(device);
          }
        });
    return next;
  }

  private Future<Void> process(LiveRound r, UpdateHeader h, byte[] payload) {
    String device = h.deviceId();
    Assignment a;
    try {
      a = admission.admit(r, h);
    } catch (Rejection e) {
      reject(r, device, e, h.bytes());
      return Future.succeededFuture();
    }
    if (a == null) {
      return Future.succeededFuture(); // A replay of an accepted update: nothing changes.
    }
    List<TensorInfo> layout = driver.spec.tensors(new Ratio(a.widthPpm()));
    double bound = driver.running.request().normBound();
    DecodeLimits limits = limits();
    return fleet
        .vertx()
        .executeBlocking(() -> UpdateBody.check(payload, device, limits, layout, bound), false)
        .transform(
            ar -> {
              if (driver.live != r || r.state != RoundState.OPEN) {
                reject(
                    r,
                    device,
                    new Rejection(
                        Rejection.LATE,
                        "update from " + device + " arrived as round " + r.round + " closed"),
                    h.bytes());
                return Future.succeededFuture();
              }
              if (ar.failed()) {
                reject(r, device, asRejection(device, ar.cause()), h.bytes());
                return Future.succeededFuture();
              }
              return folding.fold(r, h, a, ar.result(), payload);
            });
  }

  void reject(LiveRound r, String device, Rejection e, int bytes) {
    fleet.metrics().updateRejected(e.reason());
    boolean first;
    if (r != null) {
      r.reject(e.reason());
      Assignment a = r.assignments.get(device);
      if (a != null && a.outcome() == Assignment.Outcome.ASSIGNED && r.state == RoundState.OPEN) {
        r.outcome(device, Assignment.Outcome.REJECTED, e.reason());
      }
      first = r.logged.size() < MAX_LOGGED && r.logged.add(device + "\n" + e.reason());
      driver.touch(r);
    } else {
      first =
          loggedOutsideRounds.size() < MAX_LOGGED
              && loggedOutsideRounds.add(device + "\n" + e.reason());
    }
    if (first) {
      LOG.warn("update refused ({}): {}", e.reason(), e.getMessage());
    }
    event(r, device, false, e.reason(), bytes);
  }

  void event(LiveRound r, String device, boolean accepted, String reason, long bytes) {
    fleet
        .events()
        .accept(
            new FleetEvent(
                FleetEvent.Type.UPDATE,
                fleet.clock().getAsLong(),
                new FleetEvent.UpdateEvent(
                    r == null ? "" : r.trainingId,
                    r == null ? 0 : r.round,
                    device,
                    accepted,
                    reason,
                    bytes)));
  }

  private static Rejection asRejection(String device, Throwable t) {
    return t instanceof Rejection r
        ? r
        : new Rejection(Rejection.FRAME, "update from " + device + " failed its checks: " + t);
  }
}
