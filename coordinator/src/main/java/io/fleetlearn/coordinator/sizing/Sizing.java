package io.fleetlearn.coordinator.sizing;

import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.protocol.spec.ModelSpec;

/**
 * Per-device model sizing: the widest width whose training fits the device's memory and the round's
 * deadline. Pure functions of their arguments.
 *
 * <p>Memory of a training round at width {@code w}:
 *
 * <pre>{@code
 * P(w) × 4 B × 4                         weights, gradients, optimizer state, the decoded frame
 * + A(w) × batch × 4 B × 3               activations, kept for the backward pass, and their
 *                                        gradients and a temporary (×3)
 * + BASE_BYTES                           JVM, DJL and the PyTorch native library
 * }</pre>
 *
 * <p>with {@code P(w)} the parameter count and {@code A(w)} the activations per example ({@link
 * ModelSpec#activationsPerExample}). Time of a round: {@code 6 P(w)} FLOPs per example (forward and
 * backward, the usual rule for dense layers) × examples × epochs / the device's benchmark, times
 * its observed slowdown; the slowdown absorbs what the rule misses (a convolution reuses its
 * weights at every position, so the rule underestimates CNNs until the device has run a round). The
 * time must fit {@link #DEADLINE_SHARE} of the deadline, leaving the rest for the model download,
 * the upload and stragglers.
 */
public final class Sizing {
  /**
   * What a device's training process costs beyond the model: the device client measured 204 MB peak
   * RSS for a CNN round (80k parameters, batch 32) with {@code -Xmx128m}; the model terms above
   * explain about 10 MB of it, so 192 MiB is the JVM plus DJL and libtorch.
   */
  public static final long BASE_BYTES = 192L << 20;

  /** Share of the deadline the estimated training time may use. */
  public static final double DEADLINE_SHARE = 0.6;

  private Sizing() {}

  /**
   * The widest width of the ladder that fits both the memory and the deadline; when none does, the
   * narrowest, flagged (the caller leaves a device out when even that does not fit its memory, and
   * accepts a missed deadline: the quorum and the deadline absorb a straggler).
   */
  public static Choice choose(ModelSpec spec, DeviceCapacity device, SizingPolicy policy) {
    if (!policy.enabled()) {
      return estimate(spec, Ratio.of(1.0), device, policy);
    }
    Choice c = null;
    for (Ratio w : policy.ladder()) {
      c = estimate(spec, w, device, policy);
      if (c.fitsMemory() && c.fitsDeadline()) {
        return c;
      }
    }
    return c;
  }

  /** The estimates at one width. */
  public static Choice estimate(
      ModelSpec spec, Ratio width, DeviceCapacity device, SizingPolicy policy) {
    long mem = memoryBytes(spec, width, policy.batchSize());
    double secs = seconds(spec, width, device, policy);
    return new Choice(
        width,
        mem,
        secs,
        mem <= device.memAvailableBytes(),
        secs <= DEADLINE_SHARE * policy.deadlineSeconds());
  }

  /** Estimated peak memory of a training round at {@code width}. */
  public static long memoryBytes(ModelSpec spec, Ratio width, int batchSize) {
    long params = spec.parameterCount(width);
    long activations = spec.activationsPerExample(width);
    return params * 4 * 4 + activations * batchSize * 4 * 3 + BASE_BYTES;
  }

  /** Estimated training seconds at {@code width} on {@code device}. */
  public static double seconds(
      ModelSpec spec, Ratio width, DeviceCapacity device, SizingPolicy policy) {
    double flops = 6.0 * spec.parameterCount(width);
    long examples = device.examples() > 0 ? device.examples() : policy.assumedExamples();
    double gflops = Math.max(device.benchmarkGflops(), 1e-3);
    double slowdown = device.slowdown() > 0 ? device.slowdown() : 1.0;
    return flops * examples * policy.epochs() / (gflops * 1e9) * slowdown;
  }
}
