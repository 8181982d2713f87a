package io.fleetlearn.coordinator.fleet;

/** Where a round is: tasks out and updates arriving, then closed with a new model or abandoned. */
public enum RoundState {
  /** Tasks are published and updates are being validated and folded in. */
  OPEN,
  /** Quorum or deadline reached; the new global model is being computed and stored. */
  AGGREGATING,
  /** Done: the new model (train) or the metrics (evaluate) are stored. */
  CLOSED,
  /** Too few updates by the deadline, or the training was stopped: the model did not change. */
  ABANDONED
}
