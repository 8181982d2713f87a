package io.fleetlearn.simulator.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A kind of device.
 *
 * @param memoryMb RAM in MiB, written as {@code MemTotal} of the virtual device's {@code
 *     /proc/meminfo}, in [64, 1048576]
 * @param availableMb what is free for FleetLearn ({@code MemAvailable}), in [16, memoryMb]
 * @param cpus CPU cores ({@code /sys/devices/system/cpu/online}), in [1, 256]
 * @param cpuMhz the clock written to {@code cpufreq/scaling_cur_freq}
 * @param slowdown how many times slower than this machine the device computes, in [1, 1000]: its
 *     benchmark is divided by it and its training stretched by it
 * @param battery its battery, or null for mains power
 */
public record DeviceProfile(
    @JsonProperty(required = true) int memoryMb,
    @JsonProperty(required = true) int availableMb,
    @JsonProperty(required = true) int cpus,
    int cpuMhz,
    @JsonProperty(required = true) double slowdown,
    Battery battery) {

  public DeviceProfile {
    if (memoryMb < 64 || memoryMb > 1 << 20) {
      throw new IllegalArgumentException("memoryMb (" + memoryMb + ") must be in [64, 1048576]");
    }
    if (availableMb < 16 || availableMb > memoryMb) {
      throw new IllegalArgumentException(
          "availableMb (" + availableMb + ") must be in [16, memoryMb (" + memoryMb + ")]");
    }
    if (cpus < 1 || cpus > 256) {
      throw new IllegalArgumentException("cpus (" + cpus + ") must be in [1, 256]");
    }
    if (cpuMhz < 0 || cpuMhz > 10_000) {
      throw new IllegalArgumentException("cpuMhz (" + cpuMhz + ") must be in [0, 10000]");
    }
    if (!(slowdown >= 1 && slowdown <= 1000)) {
      throw new IllegalArgumentException("slowdown (" + slowdown + ") must be in [1, 1000]");
    }
  }

  /** The same profile with another battery (null: mains power). */
  public DeviceProfile withBattery(Battery b) {
    return new DeviceProfile(memoryMb, availableMb, cpus, cpuMhz, slowdown, b);
  }
}
