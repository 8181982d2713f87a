package io.fleetlearn.simulator.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A device's network link, applied to every message it sends and receives.
 *
 * @param bandwidthKbps kilobits per second, each way, in [1, 10000000]
 * @param latencyMs one-way delay in milliseconds, in [0, 60000]
 * @param loss chance that a message needs a TCP retransmission (one timeout more), in [0, 0.5]
 * @param dropout chance that the device drops off the network when a task arrives, in [0, 1]
 * @param offlineSeconds how long a dropped device stays away before it reconnects, in [1, 3600]
 */
public record LinkProfile(
    @JsonProperty(required = true) long bandwidthKbps,
    @JsonProperty(required = true) int latencyMs,
    double loss,
    double dropout,
    int offlineSeconds) {

  public LinkProfile {
    if (bandwidthKbps < 1 || bandwidthKbps > 10_000_000) {
      throw new IllegalArgumentException(
          "bandwidthKbps (" + bandwidthKbps + ") must be in [1, 10000000]");
    }
    if (latencyMs < 0 || latencyMs > 60_000) {
      throw new IllegalArgumentException("latencyMs (" + latencyMs + ") must be in [0, 60000]");
    }
    if (!(loss >= 0 && loss <= 0.5)) {
      throw new IllegalArgumentException("loss (" + loss + ") must be in [0, 0.5]");
    }
    if (!(dropout >= 0 && dropout <= 1)) {
      throw new IllegalArgumentException("dropout (" + dropout + ") must be in [0, 1]");
    }
    if (dropout > 0 && (offlineSeconds < 1 || offlineSeconds > 3600)) {
      throw new IllegalArgumentException(
          "offlineSeconds (" + offlineSeconds + ") must be in [1, 3600] when dropout > 0");
    }
  }

  /** Milliseconds {@code bytes} take on this link, latency included. */
  public double transferMillis(long bytes) {
    return latencyMs + bytes * 8.0 / bandwidthKbps;
  }

  /** The same link with another bandwidth. */
  public LinkProfile withBandwidthKbps(long kbps) {
    return new LinkProfile(kbps, latencyMs, loss, dropout, offlineSeconds);
  }

  /** The same link with another latency. */
  public LinkProfile withLatencyMs(int ms) {
    return new LinkProfile(bandwidthKbps, ms, loss, dropout, offlineSeconds);
  }

  /** The same link with another loss chance. */
  public LinkProfile withLoss(double chance) {
    return new LinkProfile(bandwidthKbps, latencyMs, chance, dropout, offlineSeconds);
  }
}
