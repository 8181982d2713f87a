package io.fleetlearn.coordinator.strategy;

import io.fleetlearn.coordinator.registry.DeviceRecord;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Who may take part in a round, and who is picked. Pure functions. */
public final class Selection {
  /** Below this battery level a device not charging is left out. */
  public static final double MIN_BATTERY_PERCENT = 20;

  /** A device that declined a task is not asked again for this long. */
  public static final long DECLINE_COOLDOWN_MILLIS = 30_000;

  private Selection() {}

  /** Why the device may not be selected now, or empty when it may. */
  public static Optional<String> ineligibility(DeviceRecord d, long nowMillis) {
    if (!d.online()) {
      return Optional.of("offline");
    }
    if (d.state() == DeviceState.BUSY) {
      return Optional.of("busy");
    }
    Resources r = d.resources();
    if (r == null) {
      return Optional.of("no resource report");
    }
    if (r.batteryPercent() != null
        && r.batteryPercent() < MIN_BATTERY_PERCENT
        && !Boolean.TRUE.equals(r.charging())) {
      return Optional.of("battery " + r.batteryPercent() + "% and not charging");
    }
    if (d.lastDeclineMillis() > 0 && nowMillis - d.lastDeclineMillis() < DECLINE_COOLDOWN_MILLIS) {
      return Optional.of("declined a task " + (nowMillis - d.lastDeclineMillis()) + " ms ago");
    }
    return Optional.empty();
  }

  /**
   * Picks {@code clamp(ceil(fraction × n), min, min(max, n))} of the {@code n} eligible ids,
   * uniformly without replacement; none when {@code n < min}. The ids are sorted first, so the pick
   * depends only on the set and the seed.
   */
  public static List<String> pick(
      List<String> eligible, double fraction, int min, int max, long seed) {
    List<String> ids = new ArrayList<>(new TreeSet<>(eligible));
    int n = ids.size();
    if (n < min || n == 0) {
      return List.of();
    }
    int k = Math.min(Math.max((int) Math.ceil(fraction * n - 1e-9), min), Math.min(max, n));
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      String t = ids.get(i);
      ids.set(i, ids.get(j));
      ids.set(j, t);
    }
    return List.copyOf(ids.subList(0, k));
  }
}
