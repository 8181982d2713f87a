package io.fleetlearn.coordinator.fleet;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the REST API and the dashboard may ask of the coordinator. A failed future carries a {@link
 * FleetException} whose kind the API maps to a status code (invalid → 422, not found → 404,
 * conflict → 409); any other failure is a server error.
 *
 * <p>At most one training runs at a time per fleet: a device works on one task at a time, so two
 * running trainings would compete for the same devices.
 */
public interface FleetService {

  /**
   * The variant name under which {@link #modelFrame} gives a version's dense global weights (an
   * Fp32 frame of the full model, as stored; never published on MQTT). No published variant has
   * this name: theirs start with {@code w}.
   */
  String GLOBAL_VARIANT = "global";

  /** Stores a new training in state {@link TrainingState#CREATED}; validates the request. */
  Future<TrainingView> createTraining(TrainingRequest request);

  /** Replaces the settings of a training that has not started (conflict otherwise). */
  Future<TrainingView> configureTraining(String trainingId, TrainingRequest request);

  /** Starts (or resumes a stopped) training; conflict if another one is running. */
  Future<TrainingView> startTraining(String trainingId);

  /** Stops a running training after abandoning its open round; the global model is kept. */
  Future<TrainingView> stopTraining(String trainingId);

  /** All trainings, newest first. */
  Future<List<TrainingView>> trainings();

  Future<Optional<TrainingView>> training(String trainingId);

  /** The rounds of a training, oldest first; not found if the training does not exist. */
  Future<List<RoundView>> rounds(String trainingId);

  Future<Optional<RoundView>> round(String trainingId, long round);

  /** Every device the registry has seen, by id. */
  Future<List<DeviceView>> devices();

  Future<Optional<DeviceView>> device(String deviceId);

  /** The device's last {@code limit} resource reports, oldest first; not found if unknown. */
  Future<List<ResourceSample>> resourceHistory(String deviceId, int limit);

  /** The global model versions of a training with their variants, oldest first. */
  Future<List<ModelView>> models(String trainingId);

  /**
   * The model frame of one version and variant exactly as published on MQTT (a compression frame,
   * the variant's download pipeline), or empty if there is no such version or variant. With {@link
   * #GLOBAL_VARIANT} it is the full dense model instead, for evaluation where the data is.
   */
  Future<Optional<byte[]>> modelFrame(String trainingId, long version, String variant);

  /**
   * Calls {@code listener} on the caller's context for every event from now on, until the returned
   * handle is closed. Slow listeners do not slow the rounds: events are dropped for them, never
   * queued without bound.
   */
  AutoCloseable subscribe(Consumer<FleetEvent> listener);
}
