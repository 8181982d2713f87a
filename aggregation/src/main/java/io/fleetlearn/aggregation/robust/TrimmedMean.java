package io.fleetlearn.aggregation.robust;

import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;
import java.util.List;

/**
 * Coordinate-wise trimmed mean (Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates", ICML 2018): at each coordinate, drop the {@code t =
 * floor(beta × n)} largest and t smallest of the n updates' values and average the {@code n − 2t}
 * left; {@code global' = global + delta}.
 *
 * <p>Robustness: with at most t arbitrary updates (so {@code beta >= f / n}), every coordinate of
 * the result lies within the range of the honest updates' values there. With {@code beta = 0} it is
 * the plain unweighted mean.
 *
 * <p>Sample counts are ignored, every update counts once: a claimed count is not checkable, and a
 * lying count would otherwise buy influence over the mean of the kept values.
 *
 * <p>Only full-width updates are accepted (see {@link CoordinateMedian}).
 *
 * <p>Cost: memory {@code n × params × 4} bytes for the buffered updates plus an n-float scratch;
 * time expected O(n × params) at finish: two selections and one pass per coordinate ({@link
 * Selection#trimmedMean}).
 */
public final class TrimmedMean extends SampledStrategy {
  private final double beta;

  /**
   * @param beta share trimmed at each end, in [0, 0.5)
   * @param fraction share of the available devices sampled each round, in (0, 1]
   * @param minDevices fewest devices a round runs with
   */
  public TrimmedMean(double beta, double fraction, int minDevices) {
    super(fraction, minDevices);
    if (!(beta >= 0 && beta < 0.5)) {
      throw new IllegalArgumentException("beta (" + beta + ") must be in [0, 0.5)");
    }
    this.beta = beta;
  }

  /** The share trimmed at each end of every coordinate. */
  public double beta() {
    return beta;
  }

  /** Opens a round that buffers full-width updates and takes their coordinate-wise trimmed mean. */
  @Override
  public RobustRound beginTrain(long round, Model global, LayerChain chain) {
    return new RobustRound("trimmed mean (beta " + beta + ")", round, global, this::trimmed);
  }

  private Rule.Outcome trimmed(List<float[]> rows, List<String> devices, int params) {
    int n = rows.size();
    // The epsilon keeps products such as 0.29 × 100 = 28.999999999999996 at 29.
    int t = Math.min((n - 1) / 2, (int) Math.floor(beta * n + 1e-9));
    float[][] r = rows.toArray(new float[0][]);
    float[] column = new float[n];
    float[] delta = new float[params];
    for (int p = 0; p < params; p++) {
      for (int j = 0; j < n; j++) {
        column[j] = r[j][p];
      }
      delta[p] = Selection.trimmedMean(column, n, t);
    }
    return Rule.Outcome.of(delta, devices);
  }
}
