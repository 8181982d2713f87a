package io.fleetlearn.simulator.device;

import io.fleetlearn.simulator.fleet.Battery;
import io.fleetlearn.simulator.fleet.TraceEvent;

/**
 * A virtual device's battery: its level and charger, written to the device's {@link SystemRoot}
 * (where the client's real probe reads them) and told to the {@link Journal} on every change. It
 * has its own lock: the client's worker thread drains it while a close of the client may hold the
 * device's.
 */
final class DeviceBattery {
  private final String deviceId;
  private final Battery profile;
  private final SystemRoot system;
  private final Journal journal;
  private double percent;
  private boolean charging;

  /**
   * @param profile the profile's battery, or null for mains power (then nothing happens)
   */
  DeviceBattery(String deviceId, Battery profile, SystemRoot system, Journal journal) {
    this.deviceId = deviceId;
    this.profile = profile;
    this.system = system;
    this.journal = journal;
    this.percent = profile == null ? Double.NaN : profile.percent();
    this.charging = profile != null && profile.charging();
  }

  /** Tells the journal the level and the charger's state. */
  synchronized void record() {
    if (profile != null) {
      journal.record(deviceId, TraceEvent.Kind.BATTERY, percent, "");
      journal.record(deviceId, TraceEvent.Kind.CHARGING, charging ? 1 : 0, "");
    }
  }

  /** Sets the level (a trace said so). */
  synchronized void level(double p) {
    if (profile != null) {
      percent = p;
      system.battery(percent, charging);
      journal.record(deviceId, TraceEvent.Kind.BATTERY, percent, "");
    }
  }

  /** Puts it on or off the charger (a trace said so); on the charger it does not drain. */
  synchronized void charging(boolean on) {
    if (profile != null) {
      charging = on;
      system.battery(percent, charging);
      journal.record(deviceId, TraceEvent.Kind.CHARGING, charging ? 1 : 0, "");
    }
  }

  /** One training round's cost, unless charging. */
  synchronized void drain() {
    if (profile == null || charging) {
      return;
    }
    percent = Math.max(0, percent - profile.drainPerRound());
    system.battery(percent, false);
    journal.record(deviceId, TraceEvent.Kind.BATTERY, percent, "");
  }
}
