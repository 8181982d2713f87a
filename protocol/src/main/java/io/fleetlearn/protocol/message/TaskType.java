package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a task asks for. */
public enum TaskType {
  /** Train locally and send back an update frame. */
  @JsonProperty("train")
  TRAIN,
  /** Evaluate the model on local held-out data and report metrics. */
  @JsonProperty("evaluate")
  EVALUATE
}
