package io.fleetlearn.aggregation.fold;

import io.fleetlearn.compression.prune.SlicePlan;

/** A slice plan's runs grouped by tensor, for folding narrow updates run by run. */
final class Runs {
  /** Per tensor: triples (full offset, sliced offset, length), in sliced order. */
  private final int[][] runs;

  private Runs(int[][] runs) {
    this.runs = runs;
  }

  static Runs of(SlicePlan plan, int tensors) {
    int[] counts = new int[tensors];
    plan.forEachRun((t, f, s, len) -> counts[t]++);
    int[][] runs = new int[tensors][];
    for (int t = 0; t < tensors; t++) {
      runs[t] = new int[3 * counts[t]];
    }
    int[] at = new int[tensors];
    plan.forEachRun(
        (t, f, s, len) -> {
          int[] r = runs[t];
          r[at[t]++] = f;
          r[at[t]++] = s;
          r[at[t]++] = len;
        });
    return new Runs(runs);
  }

  interface Run {
    void accept(int fullOffset, int slicedOffset, int length);
  }

  void forEach(int tensor, Run c) {
    int[] r = runs[tensor];
    for (int i = 0; i < r.length; i += 3) {
      c.accept(r[i], r[i + 1], r[i + 2]);
    }
  }

  Cursor cursor(int tensor) {
    return new Cursor(runs[tensor]);
  }

  /** Maps ascending sliced indices to full ones, advancing through the runs. */
  static final class Cursor {
    private final int[] r;
    private int i;

    Cursor(int[] r) {
      this.r = r;
    }

    int toFull(int sliced) {
      while (sliced >= r[i + 1] + r[i + 2]) {
        i += 3;
      }
      return r[i] + (sliced - r[i + 1]);
    }
  }
}
