package io.fleetlearn.simulator.device;

import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Resources;

/**
 * The status a device with the profile's CPU would have published: its benchmark divided by the
 * slow-down, its last round time with the compute stretch added, and the link speed the {@link
 * EmulatedLink} measured. Everything else is the client's own report.
 */
final class EmulatedStatus {
  private EmulatedStatus() {}

  /**
   * @param s the client's status, with resources
   * @param slowdown the profile's slow-down
   * @param stretchSeconds the stretch added to the last round, or negative for none yet
   * @param linkBytesPerSecond the link speed to report, or null for none
   */
  static DeviceStatus of(
      DeviceStatus s, double slowdown, double stretchSeconds, Double linkBytesPerSecond) {
    Resources r = s.resources();
    Double last = r.lastRoundSeconds();
    if (last != null && stretchSeconds >= 0) {
      last = last + stretchSeconds;
    }
    Resources slowed =
        new Resources(
            r.memAvailableBytes(),
            r.memTotalBytes(),
            r.cpus(),
            r.load1(),
            r.cpuMhz(),
            r.temperatureC(),
            r.batteryPercent(),
            r.charging(),
            linkBytesPerSecond,
            last,
            r.benchmarkGflops() / slowdown);
    return new DeviceStatus(
        s.deviceId(),
        s.state(),
        s.timestampMillis(),
        s.clientVersion(),
        s.modelVersion(),
        slowed,
        s.decline(),
        s.evaluation());
  }
}
