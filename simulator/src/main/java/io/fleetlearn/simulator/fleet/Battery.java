package io.fleetlearn.simulator.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A device's battery at the start of a simulation.
 *
 * @param percent charge in [0, 100]
 * @param charging whether it is on a charger (then it does not drain)
 * @param drainPerRound percentage points one training round costs when not charging, in [0, 100]
 */
public record Battery(
    @JsonProperty(required = true) double percent,
    @JsonProperty(required = true) boolean charging,
    double drainPerRound) {

  public Battery {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("battery.percent (" + percent + ") must be in [0, 100]");
    }
    if (!(drainPerRound >= 0 && drainPerRound <= 100)) {
      throw new IllegalArgumentException(
          "battery.drainPerRound (" + drainPerRound + ") must be in [0, 100]");
    }
  }
}
