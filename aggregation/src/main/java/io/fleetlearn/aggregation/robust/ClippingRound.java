package io.fleetlearn.aggregation.robust;

import io.fleetlearn.aggregation.strategy.RoundAggregation;
import io.fleetlearn.aggregation.update.Failure;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link NormBounding} round: scales each update to L2 norm at most C on its way to the inner
 * round, and counts what it did.
 */
public final class ClippingRound implements RoundAggregation {
  private final double bound;
  private final RoundAggregation inner;
  private final Map<String, Double> scales = new LinkedHashMap<>();
  private int clipped;

  ClippingRound(double bound, RoundAggregation inner) {
    this.bound = bound;
    this.inner = inner;
  }

  /**
   * Measures the update's norm, refuses it when the norm is not finite, and offers it to the inner
   * round scaled by {@code min(1, C / norm)}. Returns the inner verdict.
   */
  @Override
  public Verdict offer(TrainResult r) {
    double norm = Math.sqrt(squaredNorm(r.delta()));
    if (!Double.isFinite(norm)) {
      return Verdict.refused(
          "update from "
              + r.deviceId()
              + " has a non-finite norm ("
              + norm
              + "), a bound of "
              + bound
              + " cannot scale it; update refused");
    }
    double scale = norm > bound ? bound / norm : 1.0;
    TrainResult bounded =
        scale == 1.0
            ? r
            : new TrainResult(
                r.deviceId(),
                r.round(),
                r.baseVersion(),
                r.samples(),
                r.width(),
                new Scaled(r.delta(), (float) scale),
                r.metrics());
    Verdict v = inner.offer(bounded);
    if (v.accepted()) {
      scales.put(r.deviceId(), scale);
      if (scale < 1.0) {
        clipped++;
      }
    }
    return v;
  }

  @Override
  public int accepted() {
    return inner.accepted();
  }

  @Override
  public Optional<Model> finish(List<Failure> failures) {
    return inner.finish(failures);
  }

  /** How many accepted updates were scaled down. */
  public int clipped() {
    return clipped;
  }

  /** Per accepted device, in arrival order, the scale applied (1.0 when within the bound). */
  public Map<String, Double> scales() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(scales));
  }

  /** The inner round, for its own reports (a {@link RobustRound}'s refusal, for instance). */
  public RoundAggregation inner() {
    return inner;
  }

  static double squaredNorm(UpdateData u) {
    double[] s = new double[1];
    u.visit(
        new SectionSink() {
          @Override
          public void dense(int tensor, TensorInfo info, float[] values, int offset) {
            int n = info.shape().size();
            double acc = 0;
            for (int i = 0; i < n; i++) {
              double x = values[offset + i];
              acc += x * x;
            }
            s[0] += acc;
          }

          @Override
          public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
            double acc = 0;
            for (int i = 0; i < count; i++) {
              double x = values[i];
              acc += x * x;
            }
            s[0] += acc;
          }
        });
    return s[0];
  }

  /**
   * An update whose values are multiplied by {@code scale} as they are visited, through one reused
   * scratch array: the arrays it hands on are valid only during the call (as with {@link
   * UpdateData#of}, whose arrays are the live model's), which is all a folding sink needs.
   */
  private static final class Scaled implements UpdateData {
    private final UpdateData raw;
    private final float scale;

    Scaled(UpdateData raw, float scale) {
      this.raw = raw;
      this.scale = scale;
    }

    @Override
    public List<TensorInfo> tensors() {
      return raw.tensors();
    }

    @Override
    public void visit(SectionSink sink) {
      raw.visit(
          new SectionSink() {
            private float[] scratch = new float[0];

            @Override
            public void dense(int tensor, TensorInfo info, float[] values, int offset) {
              int n = info.shape().size();
              float[] out = room(n);
              for (int i = 0; i < n; i++) {
                out[i] = values[offset + i] * scale;
              }
              sink.dense(tensor, info, out, 0);
            }

            @Override
            public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
              float[] out = room(count);
              for (int i = 0; i < count; i++) {
                out[i] = values[i] * scale;
              }
              sink.sparse(tensor, info, idx, out, count);
            }

            private float[] room(int n) {
              if (scratch.length < n) {
                scratch = new float[n];
              }
              return scratch;
            }
          });
    }
  }
}
