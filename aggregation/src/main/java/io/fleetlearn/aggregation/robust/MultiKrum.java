package io.fleetlearn.aggregation.robust;

import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Multi-Krum (Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries:
 * Byzantine Tolerant Gradient Descent", NeurIPS 2017): each update's score is the sum of its
 * squared Euclidean distances to its {@code n − f − 2} nearest other updates; the {@code m' =
 * min(m, n − f)} lowest-scoring updates are averaged, unweighted, and {@code global' = global +
 * mean}. With m = 1 it is {@link Krum}. Equal scores are broken by device id, so the result does
 * not depend on the order updates arrived in.
 *
 * <p>Requires {@code n > 2f + 2} accepted updates; with fewer, {@code finish} returns empty and
 * {@link RobustRound#refusal()} says how many were needed. {@link RobustRound#selected()} names the
 * devices averaged.
 *
 * <p>Sample counts are ignored (a lying count would otherwise buy influence); only full-width
 * updates are accepted.
 *
 * <p>Cost: memory {@code n × params × 4} bytes for the buffered updates plus {@code n²} doubles of
 * distances; time O(n² × params / 2) for the pairwise distances (20 × 1M: 190M multiply-adds), then
 * O(n² log n) for the scores.
 */
public final class MultiKrum extends SampledStrategy {
  private final int f;
  private final int m;

  /**
   * @param f how many arbitrary (Byzantine) updates to tolerate, >= 0
   * @param m how many of the best-scoring updates to average, >= 1
   * @param fraction share of the available devices sampled each round, in (0, 1]
   * @param minDevices fewest devices a round runs with
   */
  public MultiKrum(int f, int m, double fraction, int minDevices) {
    super(fraction, minDevices);
    if (f < 0 || m < 1) {
      throw new IllegalArgumentException("need f >= 0 and m >= 1, got f " + f + ", m " + m);
    }
    this.f = f;
    this.m = m;
  }

  /** How many arbitrary updates a round tolerates. */
  public int f() {
    return f;
  }

  /** How many best-scoring updates are averaged (at most n − f of them). */
  public int m() {
    return m;
  }

  /** Opens a round that buffers full-width updates and averages the best-scoring ones. */
  @Override
  public RobustRound beginTrain(long round, Model global, LayerChain chain) {
    String name = m == 1 ? "Krum (f " + f + ")" : "Multi-Krum (f " + f + ", m " + m + ")";
    return new RobustRound(
        name, round, global, (rows, ids, params) -> krum(f, m, rows, ids, params));
  }

  static Rule.Outcome krum(int f, int m, List<float[]> rows, List<String> ids, int params) {
    int n = rows.size();
    if (n <= 2 * f + 2) {
      return Rule.Outcome.refused(
          n
              + " updates accepted, Krum with f "
              + f
              + " needs more than "
              + (2 * f + 2)
              + "; global model kept");
    }
    double[][] d = distances(rows, params);
    int neighbours = n - f - 2;
    double[] score = new double[n];
    double[] others = new double[n - 1];
    for (int i = 0; i < n; i++) {
      int k = 0;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          others[k++] = d[i][j];
        }
      }
      // n is the number of devices in a round (tens to hundreds): sorting n-1 doubles is cheap
      // next to the O(n² × params) distances.
      Arrays.sort(others);
      double s = 0;
      for (int j = 0; j < neighbours; j++) {
        s += others[j];
      }
      score[i] = s;
    }
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> score[i]).thenComparing(i -> ids.get(i)));
    int chosen = Math.min(m, n - f);
    double[] sum = new double[params];
    List<String> selected = new ArrayList<>(chosen);
    for (int c = 0; c < chosen; c++) {
      float[] row = rows.get(order.get(c));
      selected.add(ids.get(order.get(c)));
      for (int p = 0; p < params; p++) {
        sum[p] += row[p];
      }
    }
    float[] delta = new float[params];
    for (int p = 0; p < params; p++) {
      delta[p] = (float) (sum[p] / chosen);
    }
    return Rule.Outcome.of(delta, selected);
  }

  private static double[][] distances(List<float[]> rows, int params) {
    int n = rows.size();
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      float[] a = rows.get(i);
      for (int j = i + 1; j < n; j++) {
        float[] b = rows.get(j);
        double s = 0;
        for (int p = 0; p < params; p++) {
          double x = (double) a[p] - b[p];
          s += x * x;
        }
        d[i][j] = s;
        d[j][i] = s;
      }
    }
    return d;
  }
}
