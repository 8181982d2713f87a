package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The device's local optimizer. */
public enum Optimizer {
  @JsonProperty("sgd")
  SGD,
  @JsonProperty("adam")
  ADAM
}
