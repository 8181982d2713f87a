package io.fleetlearn.aggregation.robust;

import java.util.List;

/** A robust aggregation rule over a round's buffered updates: the aggregate delta, or a refusal. */
interface Rule {

  /**
   * Combines the rows (one dense update each, {@code params} long, at least one row).
   *
   * @param devices the rows' device ids, in the same order (for tie-breaks and reports)
   */
  Outcome apply(List<float[]> rows, List<String> devices, int params);

  /**
   * What a rule decided.
   *
   * @param delta the aggregate change; null when the round is refused
   * @param selected the devices whose updates the result is made of (all, for coordinate-wise
   *     rules)
   * @param refusal why the round is refused; empty when it is not
   */
  record Outcome(float[] delta, List<String> selected, String refusal) {
    public Outcome {
      selected = List.copyOf(selected);
    }

    static Outcome of(float[] delta, List<String> selected) {
      return new Outcome(delta, selected, "");
    }

    static Outcome refused(String reason) {
      return new Outcome(null, List.of(), reason);
    }
  }
}
