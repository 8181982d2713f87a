package io.fleetlearn.aggregation.privacy;

import io.fleetlearn.aggregation.fold.WeightedSum;
import io.fleetlearn.aggregation.strategy.RoundAggregation;
import io.fleetlearn.aggregation.update.Failure;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One DP-FedAvg round: clipped updates folded with weight 1, noised and scaled at finish. */
final class DpRound implements RoundAggregation {
  private final DpFedAvg strategy;
  private final long round;
  private final Model global;
  private final List<TensorInfo> layout;
  private final Set<String> sampled;
  private final WeightedSum sum;
  private final Set<String> seen = new HashSet<>();
  private int clipped;
  private int refused;
  private boolean finished;

  DpRound(DpFedAvg strategy, long round, Model global, Set<String> sampled) {
    this.strategy = strategy;
    this.round = round;
    this.global = global;
    this.layout = WeightedSum.layoutOf(global);
    this.sampled = sampled;
    this.sum = new WeightedSum(layout);
  }

  @Override
  public Verdict offer(TrainResult r) {
    String problem = problem(r);
    if (problem == null) {
      UpdateData u = r.delta();
      double[] norm = new double[1];
      String nonFinite = sumOfSquares(u, norm);
      if (nonFinite != null) {
        problem =
            "update from "
                + r.deviceId()
                + " has a non-finite value in "
                + nonFinite
                + ", expected "
                + "finite values; update refused";
      } else {
        double s = strategy.settings().clipNorm();
        double l2 = Math.sqrt(norm[0]);
        double scale = l2 > s ? s / l2 : 1.0;
        if (l2 > s) {
          clipped++;
        }
        sum.add(u, 1.0, scale);
        seen.add(r.deviceId());
        return Verdict.accepted(1.0);
      }
    }
    refused++;
    return Verdict.refused(problem);
  }

  /** Why {@code r} cannot be taken, from its metadata alone; null when it can. */
  private String problem(TrainResult r) {
    String from = "update from " + r.deviceId();
    if (finished) {
      return from + " arrived after round " + round + " was finished; update refused";
    }
    if (r.round() != round) {
      return from + " is for round " + r.round() + ", this is round " + round + "; update refused";
    }
    if (sampled != null && !sampled.contains(r.deviceId())) {
      return from
          + ": the device was not sampled for round "
          + round
          + " (the privacy accounting assumes only sampled devices take part); update refused";
    }
    if (seen.contains(r.deviceId())) {
      return from
          + " is the device's second in round "
          + round
          + ", one is allowed; update refused";
    }
    if (!r.fullWidth()) {
      return from
          + " has width "
          + r.width()
          + ", DP-FedAvg needs the full model (100%); update refused";
    }
    List<TensorInfo> got = r.delta().tensors();
    if (got.size() != layout.size()) {
      return from
          + " has "
          + got.size()
          + " tensors, the model has "
          + layout.size()
          + "; update refused";
    }
    for (int i = 0; i < got.size(); i++) {
      if (!got.get(i).equals(layout.get(i))) {
        return from
            + " has tensor "
            + i
            + " "
            + got.get(i).name()
            + " "
            + got.get(i).shape()
            + ", the model has "
            + layout.get(i).name()
            + " "
            + layout.get(i).shape()
            + "; update refused";
      }
    }
    return null;
  }

  /**
   * Adds the squares of {@code u}'s values to {@code out[0]}; returns the name of the first tensor
   * holding a non-finite value, or null.
   */
  private static String sumOfSquares(UpdateData u, double[] out) {
    String[] bad = new String[1];
    u.visit(
        new SectionSink() {
          @Override
          public void dense(int tensor, TensorInfo info, float[] values, int offset) {
            add(info, values, offset, info.shape().size());
          }

          @Override
          public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
            add(info, values, 0, count);
          }

          private void add(TensorInfo info, float[] values, int from, int n) {
            double s = 0;
            for (int i = from; i < from + n; i++) {
              float v = values[i];
              if (!Float.isFinite(v) && bad[0] == null) {
                bad[0] = info.name();
              }
              s += (double) v * v;
            }
            out[0] += s;
          }
        });
    return bad[0];
  }

  @Override
  public int accepted() {
    return seen.size();
  }

  /**
   * Releases {@code global + η (Σ clipped + noise) / (qN)}, also when nothing was accepted (see
   * {@link DpFedAvg}); failures are not used.
   */
  @Override
  public Optional<Model> finish(List<Failure> failures) {
    if (finished) {
      throw new IllegalStateException("round " + round + " was already finished");
    }
    finished = true;
    double[] s = sum.snapshot().sum();
    strategy.addNoise(s);
    DpSettings cfg = strategy.settings();
    double factor = cfg.serverLearningRate() / cfg.expectedParticipants();
    Model next = global.copy();
    int p = 0;
    for (Tensor t : next.tensors()) {
      float[] a = t.array();
      int off = t.offset();
      for (int i = 0; i < t.size(); i++, p++) {
        a[off + i] = (float) (a[off + i] + factor * s[p]);
      }
    }
    strategy.released(round, seen.size(), clipped, refused);
    return Optional.of(next);
  }
}
