package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The device's local optimizer. */
public enum Optimizer {
  /** Plain SGD. */
  @JsonProperty("sgd")
  SGD,
  /**
   * SGD with heavy-ball momentum 0.9, the momentum buffer starting at zero every round (the device
   * keeps no optimizer state between rounds).
   */
  @JsonProperty("momentum")
  MOMENTUM,
  /** Adam with its default betas. */
  @JsonProperty("adam")
  ADAM
}
