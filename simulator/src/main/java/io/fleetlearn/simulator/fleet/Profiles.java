package io.fleetlearn.simulator.fleet;

import java.util.Map;

/**
 * The built-in device and link profiles; a fleet file may add its own or redefine these.
 *
 * <p>Slow-downs are estimates, not measurements: single-core speed of each board's Cortex-A cores
 * against one core of a recent x86 server (from public single-core benchmark results, e.g.
 * Geekbench 6 and sysbench figures of the Raspberry Pi boards), rounded. Measure your own boards
 * with {@code fleetlearn-device benchmark} and put the ratio in the fleet file.
 */
public final class Profiles {
  /** Device profiles by name. */
  public static final Map<String, DeviceProfile> DEVICES =
      Map.of(
          "pi-zero-2w", new DeviceProfile(512, 300, 4, 1000, 12, new Battery(80, false, 2)),
          "pi-3b-plus", new DeviceProfile(1024, 700, 4, 1400, 8, null),
          "pi-4-2gb", new DeviceProfile(2048, 1500, 4, 1800, 5, null),
          "pi-4-4gb", new DeviceProfile(4096, 3300, 4, 1800, 5, null),
          "pi-5-8gb", new DeviceProfile(8192, 7000, 4, 2400, 2.5, null));

  /** Link profiles by name. */
  public static final Map<String, LinkProfile> LINKS =
      Map.of(
          "ethernet", new LinkProfile(100_000, 1, 0, 0, 0),
          "wifi", new LinkProfile(20_000, 10, 0.001, 0, 0),
          "wifi-weak", new LinkProfile(2_000, 40, 0.01, 0.05, 20),
          "lte", new LinkProfile(5_000, 60, 0.005, 0.05, 30),
          "cellular-poor", new LinkProfile(500, 250, 0.02, 0.15, 30));

  private Profiles() {}
}
