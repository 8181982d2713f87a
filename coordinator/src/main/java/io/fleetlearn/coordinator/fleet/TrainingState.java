package io.fleetlearn.coordinator.fleet;

/** Where a training is in its life. */
public enum TrainingState {
  CREATED,
  RUNNING,
  STOPPED,
  COMPLETED,
  FAILED
}
