package io.fleetlearn.simulator.control;

import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a simulation needs from the coordinator: create and start its training, follow its rounds,
 * fetch each new global model for evaluation, and see which devices are online. Every method blocks
 * until the coordinator answered and fails with a {@link FleetControlException} saying what went
 * wrong; none of them retries.
 */
public interface FleetControl extends AutoCloseable {

  /** Where the coordinator is, for messages: {@code in-process} or its base URL. */
  String location();

  /** The address of the coordinator's dashboard. */
  String dashboard();

  /**
   * Fails early, before any device starts, if the coordinator cannot be reached within {@code wait}
   * or (when {@code writes} is set) would refuse this caller's state-changing calls.
   */
  void check(boolean writes, Duration wait);

  /** Stores a new training in state CREATED. */
  TrainingView createTraining(TrainingRequest request);

  /** Starts a created training. */
  TrainingView startTraining(String trainingId);

  /** One training; fails if it does not exist. */
  TrainingView training(String trainingId);

  /** All trainings, newest first. */
  List<TrainingView> trainings();

  /** One round of a training, or empty if it is not stored (yet). */
  Optional<RoundView> round(String trainingId, long round);

  /** The global model versions of a training, oldest first. */
  List<ModelView> models(String trainingId);

  /** The dense fp32 frame of a global model version (the {@code global} variant). */
  byte[] globalModel(String trainingId, long version);

  /** The ids of the devices that are online now. */
  Set<String> onlineDevices();

  @Override
  void close();
}
