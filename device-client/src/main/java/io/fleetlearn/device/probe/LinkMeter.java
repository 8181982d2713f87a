package io.fleetlearn.device.probe;

import java.util.OptionalDouble;

/**
 * Measured upload throughput: each published update's size over the time until the broker
 * acknowledged it, smoothed exponentially so that one slow moment does not swing the sizing.
 * Thread-safe: the MQTT callback thread records, the status publisher reads.
 */
public final class LinkMeter {
  /** Below this a measurement is mostly latency, not bandwidth, and is ignored. */
  static final long MIN_BYTES = 4 * 1024;

  private final double alpha;
  private double bytesPerSecond = Double.NaN;

  public LinkMeter(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha (" + alpha + ") must be in (0, 1]");
    }
    this.alpha = alpha;
  }

  public synchronized void record(long bytes, long nanos) {
    if (bytes < MIN_BYTES || nanos <= 0) {
      return;
    }
    double sample = bytes / (nanos / 1e9);
    bytesPerSecond =
        Double.isNaN(bytesPerSecond) ? sample : alpha * sample + (1 - alpha) * bytesPerSecond;
  }

  public synchronized OptionalDouble bytesPerSecond() {
    return Double.isNaN(bytesPerSecond)
        ? OptionalDouble.empty()
        : OptionalDouble.of(bytesPerSecond);
  }
}
