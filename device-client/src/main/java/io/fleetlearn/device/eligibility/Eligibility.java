package io.fleetlearn.device.eligibility;

import io.fleetlearn.protocol.message.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When this device may train. Every rule is optional; a device without a battery passes the battery
 * rules (it is on mains power), a device without a thermal sensor passes the temperature rule, and
 * the reason for a refusal lists every rule that failed, with the value found.
 *
 * @param requireCharging train only while charging (or on mains power)
 * @param minBatteryPercent train only at or above this level; null for no rule
 * @param maxTemperatureC train only below this SoC temperature; null for no rule
 * @param maxLoadPerCpu train only when the one-minute load per CPU is at most this (idle); null for
 *     no rule
 * @param minAvailableBytes train only with at least this much memory available; null for none
 */
public record Eligibility(
    boolean requireCharging,
    Double minBatteryPercent,
    Double maxTemperatureC,
    Double maxLoadPerCpu,
    Long minAvailableBytes) {

  public Eligibility {
    if (minBatteryPercent != null && !(minBatteryPercent >= 0 && minBatteryPercent <= 100)) {
      throw new IllegalArgumentException(
          "minBatteryPercent (" + minBatteryPercent + ") must be in [0, 100]");
    }
    if (maxTemperatureC != null && !(maxTemperatureC > -60 && maxTemperatureC < 200)) {
      throw new IllegalArgumentException(
          "maxTemperatureC (" + maxTemperatureC + ") must be in (-60, 200)");
    }
    if (maxLoadPerCpu != null && !(maxLoadPerCpu > 0)) {
      throw new IllegalArgumentException("maxLoadPerCpu (" + maxLoadPerCpu + ") must be > 0");
    }
    if (minAvailableBytes != null && minAvailableBytes < 0) {
      throw new IllegalArgumentException(
          "minAvailableBytes (" + minAvailableBytes + ") must be >= 0");
    }
  }

  /** No rules: always eligible. */
  public static Eligibility always() {
    return new Eligibility(false, null, null, null, null);
  }

  /** Empty when the device may train now; otherwise why not, for the decline message. */
  public Optional<String> check(Resources r) {
    List<String> failed = new ArrayList<>();
    boolean onBattery = r.batteryPercent() != null;
    if (requireCharging && onBattery && !Boolean.TRUE.equals(r.charging())) {
      failed.add("not charging (rule: train only while charging)");
    }
    if (minBatteryPercent != null && onBattery && r.batteryPercent() < minBatteryPercent) {
      failed.add(
          String.format("battery %.0f%% is below %.0f%%", r.batteryPercent(), minBatteryPercent));
    }
    if (maxTemperatureC != null
        && r.temperatureC() != null
        && r.temperatureC() >= maxTemperatureC) {
      failed.add(
          String.format(
              "temperature %.1f °C is not below %.1f °C", r.temperatureC(), maxTemperatureC));
    }
    if (maxLoadPerCpu != null && r.load1() / r.cpus() > maxLoadPerCpu) {
      failed.add(
          String.format(
              "load %.2f per CPU is above %.2f (rule: train only when idle)",
              r.load1() / r.cpus(), maxLoadPerCpu));
    }
    if (minAvailableBytes != null && r.memAvailableBytes() < minAvailableBytes) {
      failed.add(
          String.format(
              "%d MB available is below %d MB",
              r.memAvailableBytes() >> 20, minAvailableBytes >> 20));
    }
    return failed.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failed));
  }
}
