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
import io.fleetlearn.coordinator.round.Fleet;
import io.fleetlearn.coordinator.round.RoundDriver;
import io.fleetlearn.coordinator.store.AsyncStore;
import io.fleetlearn.coordinator.store.GroupCommit;
import io.fleetlearn.coordinator.strategy.StrategyFactory;
import io.fleetlearn.protocol.message.Messages;
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
  private static final int MAX_HISTORY = DeviceRegistry.HISTORY;

  private final Vertx vertx;
  private final AsyncStore store;
  private final MqttLink mqtt;
  private final Topics topics;
  private final StoredJson json = new StoredJson();
  private final EventHub events;
  private final Trainings trainings;
  private final DeviceRegistry registry;
  private final ModelBook models;
  private final RoundDriver driver;

  public FleetEngine(Vertx vertx, AsyncStore store, MqttLink mqtt, Topics topics, FleetMetrics m) {
    this.vertx = vertx;
    this.store = store;
    this.mqtt = mqtt;
    this.topics = topics;
    this.events = new EventHub(vertx);
    this.trainings = new Trainings(store, json, events, System::currentTimeMillis);
    this.registry = new DeviceRegistry(store, topics, m, events, System::currentTimeMillis);
    this.models = new ModelBook(vertx, store, json);
    this.driver =
        new RoundDriver(
            new Fleet(
                vertx,
                store,
                mqtt,
                topics,
                m,
                registry,
                trainings,
                models,
                events,
                json,
                new Messages(),
                System::currentTimeMillis,
                new GroupCommit(store)));
    registry.onStatus(driver::onStatus);
  }

  /**
   * Reloads trainings, devices, models and rounds, subscribes to the device topics and resumes the
   * running training (its open round first).
   */
  public Future<Void> start() {
    return trainings
        .load()
        .compose(v -> registry.load())
        .compose(v -> models.load())
        .compose(v -> driver.load())
        .compose(v -> mqtt.subscribe(topics.allStatuses(), registry::handle))
        // Rounds first, then updates: a broker holding updates queued while the coordinator was
        // down delivers them as soon as we subscribe, and they must meet the rebuilt round.
        .compose(v -> driver.resume())
        .compose(v -> mqtt.subscribe(topics.allUpdates(), driver.intake()::handle))
        .onSuccess(v -> LOG.info("fleet engine up: {} trainings", trainings.all().size()));
  }

  /** Stops timers; leaves the database and MQTT to the verticle. */
  public Future<Void> stop() {
    driver.close();
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
    try {
      StrategyFactory.validate(request);
    } catch (FleetException e) {
      return Future.failedFuture(e);
    }
    return trainings.create(request);
  }

  @Override
  public Future<TrainingView> configureTraining(String trainingId, TrainingRequest request) {
    if (request == null) {
      return Future.failedFuture(FleetException.invalid("the training request is missing"));
    }
    try {
      StrategyFactory.validate(request);
    } catch (FleetException e) {
      return Future.failedFuture(e);
    }
    return trainings.configure(trainingId, request);
  }

  @Override
  public Future<TrainingView> startTraining(String trainingId) {
    return trainings
        .markRunning(trainingId)
        .compose(
            t ->
                driver
                    .start(t)
                    .map(v -> trainings.get(t.id()).orElse(t))
                    .recover(
                        e ->
                            trainings
                                .update(
                                    t.id(),
                                    x ->
                                        Trainings.withState(
                                            x,
                                            TrainingState.FAILED,
                                            System.currentTimeMillis(),
                                            "could not start: " + e.getMessage()))
                                .transform(x -> Future.failedFuture(e))));
  }

  @Override
  public Future<TrainingView> stopTraining(String trainingId) {
    return trainings
        .requireRunning(trainingId)
        .compose(t -> driver.stop(trainingId))
        .compose(v -> trainings.markStopped(trainingId));
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
    return Future.succeededFuture(driver.rounds(trainingId));
  }

  @Override
  public Future<Optional<RoundView>> round(String trainingId, long round) {
    return Future.succeededFuture(driver.round(trainingId, round));
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
    return Future.succeededFuture(models.of(trainingId));
  }

  @Override
  public Future<Optional<byte[]>> modelFrame(String trainingId, long version, String variant) {
    if (variant == null
        || variant.length() > 64
        || models.view(version).filter(m -> m.trainingId().equals(trainingId)).isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return GLOBAL_VARIANT.equals(variant)
        ? models.globalFrame(version)
        : models.frame(version, variant);
  }

  @Override
  public AutoCloseable subscribe(Consumer<FleetEvent> listener) {
    return events.subscribe(listener);
  }
}
