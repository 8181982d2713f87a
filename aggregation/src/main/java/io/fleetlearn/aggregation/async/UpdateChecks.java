package io.fleetlearn.aggregation.async;

import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import java.util.List;
import java.util.Optional;

/** Checks an update before anything of it is folded; each problem is a reason, not a throw. */
final class UpdateChecks {
  private UpdateChecks() {}

  /** Why {@code got} is not the layout {@code want} ("... of width 50%"), or empty when it is. */
  static Optional<String> layout(
      String device, List<TensorInfo> got, List<TensorInfo> want, String variant) {
    if (got.size() != want.size()) {
      return Optional.of(
          "update from "
              + device
              + " has "
              + got.size()
              + " tensors, the model"
              + variant
              + " has "
              + want.size()
              + "; update refused");
    }
    for (int i = 0; i < got.size(); i++) {
      TensorInfo g = got.get(i);
      TensorInfo w = want.get(i);
      if (!g.name().equals(w.name()) || !g.shape().equals(w.shape())) {
        return Optional.of(
            "update from "
                + device
                + ": tensor "
                + i
                + " is "
                + g.name()
                + " "
                + g.shape()
                + ", the model"
                + variant
                + " has "
                + w.name()
                + " "
                + w.shape()
                + "; update refused");
      }
    }
    return Optional.empty();
  }

  /**
   * Why the update's values are not all finite, or cannot be read, or empty when they are fine.
   * Costs one pass over the update (its kept values, for a sparse one).
   */
  static Optional<String> finite(String device, UpdateData u) {
    String[] problem = new String[1];
    try {
      u.visit(
          new SectionSink() {
            @Override
            public void dense(int tensor, TensorInfo info, float[] values, int offset) {
              int n = info.shape().size();
              for (int i = 0; i < n && problem[0] == null; i++) {
                check(info, i, values[offset + i]);
              }
            }

            @Override
            public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
              for (int i = 0; i < count && problem[0] == null; i++) {
                check(info, idx[i], values[i]);
              }
            }

            private void check(TensorInfo info, int element, float v) {
              if (problem[0] == null && !Float.isFinite(v)) {
                problem[0] =
                    "update from "
                        + device
                        + ": element "
                        + element
                        + " of "
                        + info.name()
                        + " is "
                        + v
                        + ", expected a finite value; update refused";
              }
            }
          });
    } catch (CodecException e) {
      return Optional.of(
          "update from " + device + " cannot be decoded (" + e.getMessage() + "); update refused");
    }
    return Optional.ofNullable(problem[0]);
  }
}
