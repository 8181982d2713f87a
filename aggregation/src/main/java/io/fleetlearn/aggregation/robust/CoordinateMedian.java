package io.fleetlearn.aggregation.robust;

import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;
import java.util.List;

/**
 * Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed Learning:
 * Towards Optimal Statistical Rates", ICML 2018): {@code delta[p] = median_i x_i[p]}, the middle
 * value of the n updates at each coordinate (for even n the mean of the two middle values), and
 * {@code global' = global + delta}.
 *
 * <p>Robustness: while fewer than half of the updates are arbitrary, every coordinate of the result
 * lies within the range of the honest updates' values there, whatever the outliers.
 *
 * <p>Sample counts are ignored: every update counts once. Weighting by the count a device reports
 * would let one device buy the median with a large claimed count.
 *
 * <p>Only full-width updates are accepted (a narrow update has no value at the coordinates it does
 * not cover, and the median of a varying number of values is a different estimator).
 *
 * <p>Cost: memory {@code n × params × 4} bytes for the buffered updates (20 × 1M: 80 MB) plus an
 * n-float scratch; time expected O(n × params) at finish by {@link Selection#median} per
 * coordinate.
 */
public final class CoordinateMedian extends SampledStrategy {

  /**
   * @param fraction share of the available devices sampled each round, in (0, 1]
   * @param minDevices fewest devices a round runs with
   */
  public CoordinateMedian(double fraction, int minDevices) {
    super(fraction, minDevices);
  }

  /** Opens a round that buffers full-width updates and takes their coordinate-wise median. */
  @Override
  public RobustRound beginTrain(long round, Model global, LayerChain chain) {
    return new RobustRound("coordinate median", round, global, CoordinateMedian::median);
  }

  static Rule.Outcome median(List<float[]> rows, List<String> devices, int params) {
    int n = rows.size();
    float[][] r = rows.toArray(new float[0][]);
    float[] column = new float[n];
    float[] delta = new float[params];
    for (int p = 0; p < params; p++) {
      for (int j = 0; j < n; j++) {
        column[j] = r[j][p];
      }
      delta[p] = Selection.median(column, n);
    }
    return Rule.Outcome.of(delta, devices);
  }
}
