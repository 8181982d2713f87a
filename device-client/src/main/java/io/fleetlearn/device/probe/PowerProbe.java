package io.fleetlearn.device.probe;

import java.util.Optional;

/**
 * Battery level and charging from {@code /sys/class/power_supply}: the first supply of type {@code
 * Battery} gives {@code capacity} (percent) and {@code status} ({@code Charging}, {@code Full},
 * {@code Discharging}, {@code Not charging}); an online {@code Mains} or {@code USB} supply also
 * counts as charging (a UPS HAT may report no status).
 */
public final class PowerProbe {
  static final String DIR = "sys/class/power_supply";

  private final SystemFiles files;

  public PowerProbe(SystemFiles files) {
    this.files = files;
  }

  /** A battery's state; {@code percent} is clamped to [0, 100]. */
  public record Battery(double percent, boolean charging) {}

  public Optional<Battery> battery() {
    String battery = null;
    boolean mains = false;
    for (String supply : files.list(DIR)) {
      String base = DIR + "/" + supply + "/";
      String type = files.read(base + "type").orElse("");
      if (type.equals("Battery") && battery == null) {
        battery = supply;
      } else if ((type.equals("Mains") || type.startsWith("USB"))
          && files.read(base + "online").orElse("0").equals("1")) {
        mains = true;
      }
    }
    if (battery == null) {
      return Optional.empty();
    }
    String base = DIR + "/" + battery + "/";
    String capacity =
        files
            .read(base + "capacity")
            .orElseThrow(() -> new ProbeException(base + "capacity is missing"));
    double percent;
    try {
      percent = Math.max(0, Math.min(100, Double.parseDouble(capacity)));
    } catch (NumberFormatException e) {
      throw new ProbeException(base + "capacity ('" + capacity + "') is not a percentage");
    }
    String status = files.read(base + "status").orElse("Unknown");
    boolean charging = mains || status.equals("Charging") || status.equals("Full");
    return Optional.of(new Battery(percent, charging));
  }
}
