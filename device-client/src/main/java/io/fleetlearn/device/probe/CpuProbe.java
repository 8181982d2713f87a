package io.fleetlearn.device.probe;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * CPU count ({@code /sys/devices/system/cpu/online}, e.g. {@code 0-3}), one-minute load ({@code
 * /proc/loadavg}) and current frequency ({@code cpufreq/scaling_cur_freq}, kHz), where present. A
 * Pi that throttles when hot shows it here first.
 */
public final class CpuProbe {
  static final String ONLINE = "sys/devices/system/cpu/online";
  static final String LOADAVG = "proc/loadavg";
  static final String FREQ = "sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq";

  private final SystemFiles files;

  public CpuProbe(SystemFiles files) {
    this.files = files;
  }

  /** Online CPUs, from the kernel's list ({@code 0-3,5}); falls back to the JVM's count. */
  public int cpus() {
    Optional<String> list = files.read(ONLINE);
    if (list.isEmpty()) {
      return Runtime.getRuntime().availableProcessors();
    }
    int n = 0;
    for (String part : list.get().split(",")) {
      String[] range = part.trim().split("-");
      try {
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (to < from || to - from > 4096) {
          throw new ProbeException(ONLINE + " range '" + part + "' is not valid");
        }
        n += to - from + 1;
      } catch (NumberFormatException e) {
        throw new ProbeException(ONLINE + " ('" + list.get() + "') is not a CPU list like 0-3");
      }
    }
    return Math.max(1, n);
  }

  /** One-minute load average. */
  public double load1() {
    String text =
        files
            .read(LOADAVG)
            .orElseThrow(() -> new ProbeException(LOADAVG + " is missing or unreadable"));
    try {
      double v = Double.parseDouble(text.split("\\s+")[0]);
      if (!(v >= 0)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ProbeException(LOADAVG + " ('" + text + "') does not start with a load average");
    }
  }

  /** Current frequency of CPU 0 in MHz, when cpufreq is there. */
  public OptionalDouble mhz() {
    return files
        .read(FREQ)
        .map(
            s -> {
              try {
                return OptionalDouble.of(Long.parseLong(s) / 1000.0);
              } catch (NumberFormatException e) {
                throw new ProbeException(FREQ + " ('" + s + "') is not a frequency in kHz");
              }
            })
        .orElse(OptionalDouble.empty());
  }
}
