package io.fleetlearn.aggregation.update;

import java.util.Objects;

/**
 * Whether an aggregator took an update, and why not: a refused update is recorded with its reason,
 * never silently dropped.
 *
 * @param accepted whether the update was folded in
 * @param weight the weight it was folded in with (0 when refused)
 * @param reason empty when accepted; otherwise expected, found and consequence, e.g. "update from
 *     d-17 is 9 versions stale, the bound is 4; update refused"
 */
public record Verdict(boolean accepted, double weight, String reason) {
  public Verdict {
    Objects.requireNonNull(reason, "reason");
  }

  public static Verdict accepted(double weight) {
    return new Verdict(true, weight, "");
  }

  public static Verdict refused(String reason) {
    return new Verdict(false, 0, reason);
  }
}
