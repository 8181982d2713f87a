package io.fleetlearn.coordinator.engine;

import io.fleetlearn.coordinator.fleet.DeviceView;
import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.ResourceSample;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.coordinator.metrics.FleetMetrics;
import io.fleetlearn.coordinator.mqtt.MqttLink;
import io.fleetlearn.coordinator.registry.DeviceRecord;
import io.fleetlearn.coordinator.registry.DeviceRegistry;
import io.fleetlearn.coordinator.store.AsyncStore;
import io.fleetlearn.coordinator.store.Entry;
import io.fleetlearn.coordinator.store.Family;
import io.fleetlearn.protocol.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FleetService} of one fleet: trainings, the device registry and the round driver behind
 * one facade. Everything runs on the verticle's event loop; database calls go through {@link
 * AsyncStore}. {@link #start} subscribes to the device topics and resumes what was running; {@link
 * #stop} cancels timers (the MQTT link and the database are closed by the verticle).
 */
public final class FleetEngine implements FleetService {
  private static final Logger LOG = LoggerFactory.getLogger(FleetEngine.class);
  private static final int MAX_ROUNDS_LISTED = 100_000;
  private static final int MAX_HISTORY = DeviceRegistry.HISTORY;

  private final Vertx vertx;
  private final AsyncStore store;
  private final MqttLink mqtt;
  private final Topics topics;
  private final StoredJson json = new StoredJson();
  private final EventHub events;
  private final Trainings trainings;
  private final DeviceRegistry registry;

  public FleetEngine(Vertx vertx, AsyncStore store, MqttLink mqtt, Topics topics, FleetMetrics m) {
    this.vertx = vertx;
    this.store = store;
    this.mqtt = mqtt;
    this.topics = topics;
    this.events = new EventHub(vertx);
    this.trainings = new Trainings(store, json, events, System::currentTimeMillis);
    this.registry = new DeviceRegistry(store, topics, m, events, System::currentTimeMillis);
  }

  /** Reloads the trainings and devices and subscribes to the device topics. */
  public Future<Void> start() {
    return trainings
        .load()
        .compose(v -> registry.load())
        .compose(v -> mqtt.subscribe(topics.allStatuses(), registry::handle))
        .onSuccess(v -> LOG.info("fleet engine up: {} trainings", trainings.all().size()));
  }

  /** Stops timers; leaves the database and MQTT to the verticle. */
  public Future<Void> stop() {
    return Future.succeededFuture();
  }

  public DeviceRegistry registry() {
    return registry;
  }

  @Override
  public Future<TrainingView> createTraining(TrainingRequest request) {
    if (request == null) {
      return Future.failedFuture(FleetException.invalid("the training request is missing"));
    }
    return trainings.create(request);
  }

  @Override
  public Future<TrainingView> configureTraining(String trainingId, TrainingRequest request) {
    if (request == null) {
      return Future.failedFuture(FleetException.invalid("the training request is missing"));
    }
    return trainings.update(
        trainingId,
        t -> {
          if (t.state() != TrainingState.CREATED) {
            throw FleetException.conflict(
                "training "
                    + trainingId
                    + " is "
                    + t.state()
                    + "; only a CREATED one is configured");
          }
          return new TrainingView(
              t.id(),
              request,
              t.state(),
              t.round(),
              t.modelVersion(),
              t.createdMillis(),
              System.currentTimeMillis(),
              t.accuracy(),
              t.loss(),
              t.failure());
        });
  }

  @Override
  public Future<TrainingView> startTraining(String trainingId) {
    if (trainings.get(trainingId).isEmpty()) {
      return Future.failedFuture(
          FleetException.notFound("training " + trainingId + " does not exist"));
    }
    Optional<TrainingView> other = trainings.running();
    if (other.isPresent() && !other.get().id().equals(trainingId)) {
      return Future.failedFuture(
          FleetException.conflict(
              "training " + other.get().id() + " is running; stop it before starting another"));
    }
    return trainings.update(
        trainingId,
        t -> {
          if (t.state() == TrainingState.RUNNING) {
            return t;
          }
          if (t.state() != TrainingState.CREATED && t.state() != TrainingState.STOPPED) {
            throw FleetException.conflict(
                "training " + trainingId + " is " + t.state() + "; it cannot be started");
          }
          return Trainings.withState(t, TrainingState.RUNNING, System.currentTimeMillis(), null);
        });
  }

  @Override
  public Future<TrainingView> stopTraining(String trainingId) {
    return trainings.update(
        trainingId,
        t -> {
          if (t.state() != TrainingState.RUNNING) {
            throw FleetException.conflict(
                "training " + trainingId + " is " + t.state() + "; only a RUNNING one stops");
          }
          return Trainings.withState(t, TrainingState.STOPPED, System.currentTimeMillis(), null);
        });
  }

  @Override
  public Future<List<TrainingView>> trainings() {
    return Future.succeededFuture(trainings.all());
  }

  @Override
  public Future<Optional<TrainingView>> training(String trainingId) {
    return Future.succeededFuture(trainings.get(trainingId));
  }

  @Override
  public Future<List<RoundView>> rounds(String trainingId) {
    if (trainings.get(trainingId).isEmpty()) {
      return Future.failedFuture(
          FleetException.notFound("training " + trainingId + " does not exist"));
    }
    return store
        .scan(Family.ROUNDS, StoreKeys.rounds(), MAX_ROUNDS_LISTED)
        .map(
            entries ->
                entries.stream()
                    .map((Entry e) -> json.read(e.value(), RoundView.class))
                    .filter(r -> r.trainingId().equals(trainingId))
                    .toList());
  }

  @Override
  public Future<Optional<RoundView>> round(String trainingId, long round) {
    if (round < 0) {
      return Future.succeededFuture(Optional.empty());
    }
    return store
        .get(Family.ROUNDS, StoreKeys.round(round))
        .map(
            b ->
                b.map(v -> json.read(v, RoundView.class))
                    .filter(r -> r.trainingId().equals(trainingId)));
  }

  @Override
  public Future<List<DeviceView>> devices() {
    return Future.succeededFuture(registry.all().stream().map(DeviceRecord::view).toList());
  }

  @Override
  public Future<Optional<DeviceView>> device(String deviceId) {
    return Future.succeededFuture(registry.get(deviceId).map(DeviceRecord::view));
  }

  @Override
  public Future<List<ResourceSample>> resourceHistory(String deviceId, int limit) {
    if (registry.get(deviceId).isEmpty()) {
      return Future.failedFuture(FleetException.notFound("device " + deviceId + " is unknown"));
    }
    return Future.succeededFuture(registry.history(deviceId, Math.min(limit, MAX_HISTORY)));
  }

  @Override
  public Future<List<ModelView>> models(String trainingId) {
    if (trainings.get(trainingId).isEmpty()) {
      return Future.failedFuture(
          FleetException.notFound("training " + trainingId + " does not exist"));
    }
    return store
        .scan(Family.MODELS, StoreKeys.modelViews(), MAX_ROUNDS_LISTED)
        .map(
            entries ->
                entries.stream()
                    .map((Entry e) -> json.read(e.value(), ModelView.class))
                    .filter(m -> m.trainingId().equals(trainingId))
                    .toList());
  }

  @Override
  public Future<Optional<byte[]>> modelFrame(String trainingId, long version, String variant) {
    if (version < 0 || variant == null || variant.length() > 64) {
      return Future.succeededFuture(Optional.empty());
    }
    return store
        .get(Family.MODELS, StoreKeys.modelView(version))
        .compose(
            view -> {
              boolean ours =
                  view.map(v -> json.read(v, ModelView.class))
                      .filter(m -> m.trainingId().equals(trainingId))
                      .isPresent();
              if (!ours) {
                return Future.succeededFuture(Optional.<byte[]>empty());
              }
              return store.get(Family.MODELS, StoreKeys.modelFrame(version, variant));
            });
  }

  @Override
  public AutoCloseable subscribe(Consumer<FleetEvent> listener) {
    return events.subscribe(listener);
  }
}
