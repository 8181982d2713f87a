package io.fleetlearn.aggregation.robust;

import io.fleetlearn.aggregation.fold.WeightedSum;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A round's accepted updates, each decoded to one dense float array in the full model's layout:
 * memory {@code n × params × 4} bytes (20 updates of 1M parameters: 80 MB). Every check (round,
 * duplicate device, width, layout, bounds, finiteness) runs before an update is kept, so a refused
 * update leaves the buffer as it was.
 */
final class UpdateBuffer {
  private final long round;
  private final List<TensorInfo> layout;
  private final int[] offsets;
  private final List<float[]> rows = new ArrayList<>();
  private final List<String> devices = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  UpdateBuffer(long round, List<TensorInfo> layout) {
    this.round = round;
    this.layout = List.copyOf(layout);
    this.offsets = WeightedSum.offsets(layout);
  }

  int params() {
    return offsets[layout.size()];
  }

  List<float[]> rows() {
    return rows;
  }

  List<String> devices() {
    return devices;
  }

  /** Checks and keeps one update; every update that is kept counts with weight 1. */
  Verdict add(TrainResult r) {
    String who = "update from " + r.deviceId();
    if (r.round() != round) {
      return Verdict.refused(
          who + " is for round " + r.round() + ", this is round " + round + "; update refused");
    }
    if (seen.contains(r.deviceId())) {
      return Verdict.refused(
          who + " is its second this round; the first is kept, this one refused");
    }
    if (!r.fullWidth()) {
      return Verdict.refused(
          who
              + " has width "
              + r.width()
              + ", robust aggregation needs full-width updates; update refused");
    }
    String layoutProblem = layoutProblem(r.delta().tensors());
    if (layoutProblem != null) {
      return Verdict.refused(who + " " + layoutProblem + "; update refused");
    }
    float[] row = new float[params()];
    String[] problem = new String[1];
    try {
      r.delta().visit(new Fill(row, problem));
    } catch (CodecException e) {
      return Verdict.refused(who + " does not decode (" + e.getMessage() + "); update refused");
    }
    if (problem[0] == null) {
      problem[0] = nonFinite(row);
    }
    if (problem[0] != null) {
      return Verdict.refused(who + " " + problem[0] + "; update refused");
    }
    seen.add(r.deviceId());
    devices.add(r.deviceId());
    rows.add(row);
    return Verdict.accepted(1.0);
  }

  private String layoutProblem(List<TensorInfo> got) {
    if (got.size() != layout.size()) {
      return "has " + got.size() + " tensors, the model has " + layout.size();
    }
    for (int i = 0; i < got.size(); i++) {
      TensorInfo g = got.get(i);
      TensorInfo w = layout.get(i);
      if (!g.name().equals(w.name()) || !g.shape().equals(w.shape())) {
        return "has tensor "
            + i
            + " "
            + g.name()
            + " "
            + g.shape()
            + ", expected "
            + w.name()
            + " "
            + w.shape();
      }
    }
    return null;
  }

  private String nonFinite(float[] row) {
    for (int t = 0; t < layout.size(); t++) {
      for (int p = offsets[t]; p < offsets[t + 1]; p++) {
        if (!Float.isFinite(row[p])) {
          return "has a non-finite value ("
              + row[p]
              + ") in "
              + layout.get(t).name()
              + " at index "
              + (p - offsets[t]);
        }
      }
    }
    return null;
  }

  /** Copies dense runs and scatters sparse values into one row, checking every bound first. */
  private final class Fill implements SectionSink {
    private final float[] row;
    private final String[] problem;

    Fill(float[] row, String[] problem) {
      this.row = row;
      this.problem = problem;
    }

    @Override
    public void dense(int tensor, TensorInfo info, float[] values, int offset) {
      if (problem[0] != null || !tensorInRange(tensor)) {
        return;
      }
      int size = offsets[tensor + 1] - offsets[tensor];
      if (offset < 0 || values.length - offset < size) {
        problem[0] =
            "hands " + (values.length - offset) + " values for " + info.name() + " of " + size;
        return;
      }
      System.arraycopy(values, offset, row, offsets[tensor], size);
    }

    @Override
    public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
      if (problem[0] != null || !tensorInRange(tensor)) {
        return;
      }
      int base = offsets[tensor];
      int size = offsets[tensor + 1] - base;
      if (count < 0 || count > idx.length || count > values.length) {
        problem[0] = "hands " + count + " sparse values for " + info.name() + " in shorter arrays";
        return;
      }
      for (int i = 0; i < count; i++) {
        if (idx[i] < 0 || idx[i] >= size) {
          problem[0] = "has index " + idx[i] + " in " + info.name() + " of size " + size;
          return;
        }
        row[base + idx[i]] = values[i];
      }
    }

    private boolean tensorInRange(int tensor) {
      if (tensor < 0 || tensor >= layout.size()) {
        problem[0] = "visits tensor " + tensor + " of a " + layout.size() + "-tensor model";
        return false;
      }
      return true;
    }
  }
}
