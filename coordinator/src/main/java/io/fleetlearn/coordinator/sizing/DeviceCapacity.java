package io.fleetlearn.coordinator.sizing;

/**
 * What sizing knows of one device.
 *
 * @param deviceId the device
 * @param memAvailableBytes memory it reported available
 * @param benchmarkGflops its single-thread matrix-multiplication benchmark
 * @param linkBytesPerSecond its measured link throughput, or null if not measured yet
 * @param examples the sample count it claimed last time, or 0 when it never trained (then {@link
 *     SizingPolicy#assumedExamples} stands in)
 * @param slowdown observed round time over estimated round time from its past rounds (a smoothed
 *     ratio; 1 when it has no history): the correction for everything the estimate leaves out
 */
public record DeviceCapacity(
    String deviceId,
    long memAvailableBytes,
    double benchmarkGflops,
    Double linkBytesPerSecond,
    long examples,
    double slowdown) {}
