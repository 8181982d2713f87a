package io.fleetlearn.simulator.device;

import io.fleetlearn.simulator.fleet.DeviceProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A virtual device's {@code /proc} and {@code /sys}: the few files the device client's probes read
 * (memory, CPUs, load, clock, SoC temperature, battery), written from its profile so the real
 * probes report the profile. The battery files are rewritten as the battery drains.
 */
public final class SystemRoot {
  private final Path root;

  private SystemRoot(Path root) {
    this.root = root;
  }

  /** Writes every file under {@code root} for {@code profile}. */
  public static SystemRoot write(Path root, DeviceProfile profile) throws IOException {
    SystemRoot r = new SystemRoot(root);
    long totalKb = profile.memoryMb() * 1024L;
    long availableKb = profile.availableMb() * 1024L;
    r.put(
        "proc/meminfo",
        "MemTotal:       %d kB%nMemFree:        %d kB%nMemAvailable:   %d kB%n"
            .formatted(totalKb, availableKb / 2, availableKb));
    r.put("proc/loadavg", "0.10 0.08 0.05 1/120 1000\n");
    r.put(
        "sys/devices/system/cpu/online",
        profile.cpus() == 1 ? "0\n" : "0-" + (profile.cpus() - 1) + "\n");
    if (profile.cpuMhz() > 0) {
      r.put("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", profile.cpuMhz() * 1000 + "\n");
    }
    r.put("sys/class/thermal/thermal_zone0/type", "cpu-thermal\n");
    r.put("sys/class/thermal/thermal_zone0/temp", "45000\n");
    if (profile.battery() != null) {
      r.put("sys/class/power_supply/BAT0/type", "Battery\n");
      r.battery(profile.battery().percent(), profile.battery().charging());
    }
    return r;
  }

  /** The root to give the device as {@code system.root}. */
  public Path root() {
    return root;
  }

  /** Rewrites the battery's level and status. */
  public void battery(double percent, boolean charging) {
    put(
        "sys/class/power_supply/BAT0/capacity",
        String.format(Locale.ROOT, "%.0f%n", Math.max(0, Math.min(100, percent))));
    put(
        "sys/class/power_supply/BAT0/status",
        charging ? "Charging\n" : (percent >= 100 ? "Full\n" : "Discharging\n"));
  }

  private void put(String relative, String text) {
    Path p = root.resolve(relative);
    try {
      Files.createDirectories(p.getParent());
      // Write then move: a probe reading at the same moment sees the old or the new file, whole.
      Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
      Files.writeString(tmp, text);
      Files.move(
          tmp,
          p,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p, e);
    }
  }
}
