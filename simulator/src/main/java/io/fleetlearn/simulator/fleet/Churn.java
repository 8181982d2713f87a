package io.fleetlearn.simulator.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A device that comes and goes on its own: it stays online for an exponentially distributed time
 * with mean {@code onlineSeconds}, then offline for one with mean {@code offlineSeconds}, and so
 * on, drawn from a per-device seeded generator. Memoryless on purpose: the time a device has
 * already been up says nothing about when it goes, which is how independent failures of many
 * devices look from the coordinator.
 *
 * @param onlineSeconds mean time online, in [1, 1000000]
 * @param offlineSeconds mean time offline, in [1, 1000000]
 */
public record Churn(
    @JsonProperty(required = true) double onlineSeconds,
    @JsonProperty(required = true) double offlineSeconds) {
  static final double MAX_SECONDS = 1_000_000;

  public Churn {
    check("churn.onlineSeconds", onlineSeconds);
    check("churn.offlineSeconds", offlineSeconds);
  }

  private static void check(String name, double s) {
    if (!(s >= 1 && s <= MAX_SECONDS)) {
      throw new IllegalArgumentException(name + " (" + s + ") must be in [1, 1000000]");
    }
  }

  /** A draw of an exponential time with mean {@code mean}, from a uniform {@code u} in [0, 1). */
  public static double exponential(double mean, double u) {
    // 1 - u is in (0, 1]: the logarithm is finite.
    return -mean * Math.log(1 - u);
  }
}
