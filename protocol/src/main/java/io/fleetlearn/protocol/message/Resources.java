package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a device reports about itself; the coordinator sizes its model and picks its pipeline from
 * this. Probes a device lacks (no battery, no thermal zone) are null, not zero.
 *
 * @param memAvailableBytes MemAvailable from /proc/meminfo
 * @param memTotalBytes MemTotal
 * @param cpus online CPUs
 * @param load1 one-minute load average
 * @param cpuMhz current CPU frequency, if /sys reports it
 * @param temperatureC SoC temperature, if a thermal zone reports it
 * @param batteryPercent battery level, if there is a battery
 * @param charging whether the battery is charging, if there is one
 * @param linkBytesPerSecond measured upload throughput to the broker, if measured yet
 * @param lastRoundSeconds wall time the last training round took, if any
 * @param benchmarkGflops result of the short compute benchmark run at start
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(
    @JsonProperty(required = true) long memAvailableBytes,
    @JsonProperty(required = true) long memTotalBytes,
    @JsonProperty(required = true) int cpus,
    @JsonProperty(required = true) double load1,
    Double cpuMhz,
    Double temperatureC,
    Double batteryPercent,
    Boolean charging,
    Double linkBytesPerSecond,
    Double lastRoundSeconds,
    @JsonProperty(required = true) double benchmarkGflops) {

  private static final long ONE_TB = 1L << 40;

  public Resources {
    Check.range("resources.memTotalBytes", memTotalBytes, 1, ONE_TB);
    Check.range("resources.memAvailableBytes", memAvailableBytes, 0, memTotalBytes);
    Check.range("resources.cpus", cpus, 1, 1024);
    Check.range("resources.load1", load1, 0, 10_000);
    Check.optionalRange("resources.cpuMhz", cpuMhz, 1, 100_000);
    Check.optionalRange("resources.temperatureC", temperatureC, -60, 200);
    Check.optionalRange("resources.batteryPercent", batteryPercent, 0, 100);
    Check.optionalRange("resources.linkBytesPerSecond", linkBytesPerSecond, 0, 1e12);
    Check.optionalRange("resources.lastRoundSeconds", lastRoundSeconds, 0, 1e7);
    Check.range("resources.benchmarkGflops", benchmarkGflops, 0, 1e6);
  }
}
