package io.fleetlearn.device.probe;

import java.util.OptionalDouble;

/**
 * SoC temperature: the first {@code /sys/class/thermal/thermal_zone*} whose type names the CPU or
 * SoC ({@code cpu-thermal} on a Pi), else zone 0; the kernel reports millidegrees Celsius.
 */
public final class ThermalProbe {
  static final String DIR = "sys/class/thermal";

  private final SystemFiles files;

  public ThermalProbe(SystemFiles files) {
    this.files = files;
  }

  public OptionalDouble celsius() {
    String chosen = null;
    for (String zone : files.list(DIR)) {
      if (!zone.startsWith("thermal_zone")) {
        continue;
      }
      String type = files.read(DIR + "/" + zone + "/type").orElse("").toLowerCase();
      if (chosen == null || type.contains("cpu") || type.contains("soc")) {
        chosen = zone;
        if (type.contains("cpu") || type.contains("soc")) {
          break;
        }
      }
    }
    if (chosen == null) {
      return OptionalDouble.empty();
    }
    String file = DIR + "/" + chosen + "/temp";
    return files
        .read(file)
        .map(
            s -> {
              try {
                return OptionalDouble.of(Long.parseLong(s) / 1000.0);
              } catch (NumberFormatException e) {
                throw new ProbeException(file + " ('" + s + "') is not millidegrees Celsius");
              }
            })
        .orElse(OptionalDouble.empty());
  }
}
