package io.fleetlearn.aggregation.fold;

import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import java.util.List;
import java.util.Optional;

/**
 * The checks an update passes before anything of it is folded, each giving a refusal reason (what
 * was expected, what was found, the consequence) instead of an exception, so that a bad update is
 * recorded and never folded partially.
 */
public final class UpdateChecks {
  private UpdateChecks() {}

  /**
   * Empty when {@code got} has the names and shapes of {@code want}, in order; otherwise why not,
   * naming the first tensor that differs with the expected and found shapes.
   *
   * @param who the update's source, for the message: "update from d-17"
   */
  public static Optional<String> layoutProblem(
      String who, List<TensorInfo> got, List<TensorInfo> want) {
    if (got.size() != want.size()) {
      return Optional.of(
          who
              + " has "
              + got.size()
              + " tensors, the model has "
              + want.size()
              + "; update refused");
    }
    for (int i = 0; i < got.size(); i++) {
      TensorInfo g = got.get(i);
      TensorInfo w = want.get(i);
      if (!g.name().equals(w.name()) || !g.shape().equals(w.shape())) {
        return Optional.of(
            String.format(
                "%s has tensor %d %s of shape %s, expected %s of shape %s; update refused",
                who, i, g.name(), g.shape(), w.name(), w.shape()));
      }
    }
    return Optional.empty();
  }

  /**
   * Empty when every value of the update is finite; otherwise the first NaN or infinity, by tensor
   * and index. Visiting an update that is still encoded decodes it, and a decoding failure is a
   * reason too. Cost: one read-only pass over the values (dense) or kept values (sparse).
   */
  public static Optional<String> nonFinite(String who, UpdateData u) {
    String[] found = new String[1];
    try {
      u.visit(
          new SectionSink() {
            @Override
            public void dense(int tensor, TensorInfo info, float[] values, int offset) {
              if (found[0] == null && !allFinite(values, offset, info.shape().size())) {
                found[0] = describe(who, info, values, offset, info.shape().size(), null);
              }
            }

            @Override
            public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
              if (found[0] == null && !allFinite(values, 0, count)) {
                found[0] = describe(who, info, values, 0, count, idx);
              }
            }
          });
    } catch (RuntimeException e) {
      return Optional.of(who + " could not be decoded (" + e.getMessage() + "); update refused");
    }
    return Optional.ofNullable(found[0]);
  }

  /**
   * True when no value is NaN or infinite. A max-of-magnitudes reduction, which C2 vectorizes (as
   * fast as reading the values, measured on JDK 25; an OR over exponent bits or a count of finite
   * values were 1.5 times slower): {@link Math#max} returns NaN when either argument is NaN, and an
   * infinity is above {@link Float#MAX_VALUE}.
   */
  static boolean allFinite(float[] v, int from, int n) {
    float max = 0;
    for (int i = from; i < from + n; i++) {
      max = Math.max(max, Math.abs(v[i]));
    }
    return max <= Float.MAX_VALUE;
  }

  private static String describe(
      String who, TensorInfo info, float[] v, int from, int n, int[] idx) {
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(v[from + i])) {
        int at = idx == null ? i : idx[i];
        return String.format(
            "%s has %s at %s[%d]; every value must be finite; update refused",
            who, v[from + i], info.name(), at);
      }
    }
    throw new IllegalStateException("no non-finite value in " + info.name());
  }
}
