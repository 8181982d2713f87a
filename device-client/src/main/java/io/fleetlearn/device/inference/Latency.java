package io.fleetlearn.device.inference;

import java.util.Arrays;

/**
 * Wall-clock latency of a set of calls, in milliseconds. Percentiles are nearest-rank: p99 of 200
 * calls is the 198th fastest, so it is a measured call, never an interpolation.
 *
 * @param count calls measured
 * @param meanMillis mean
 * @param p50Millis median
 * @param p99Millis 99th percentile
 * @param maxMillis slowest call
 */
public record Latency(
    int count, double meanMillis, double p50Millis, double p99Millis, double maxMillis) {

  /** The latency of calls that took {@code nanos} each (at least one). */
  public static Latency of(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no calls measured");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long n : sorted) {
      sum += n;
    }
    return new Latency(
        sorted.length,
        sum / sorted.length / 1e6,
        rank(sorted, 0.50) / 1e6,
        rank(sorted, 0.99) / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long rank(long[] sorted, double q) {
    int r = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, r - 1)];
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "mean %.3f ms, p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d",
        meanMillis,
        p50Millis,
        p99Millis,
        maxMillis,
        count);
  }
}
