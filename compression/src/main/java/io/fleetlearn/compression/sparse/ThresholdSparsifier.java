package io.fleetlearn.compression.sparse;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Keeps every element with {@code |x| >= threshold}; a NaN is kept too (it ranks above every
 * number, as in {@link TopK}). The count is data dependent, anywhere from none to all: a fixed
 * threshold suits updates whose scale is known, and bounds the error of each dropped element by the
 * threshold. Cost: two passes over the values. Deterministic: {@code rng} is unused.
 *
 * @param threshold finite and {@code >= 0}; -0.0 is taken as 0.0
 */
public record ThresholdSparsifier(float threshold) implements Sparsifier {

  public ThresholdSparsifier {
    if (!(threshold >= 0) || Float.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold (" + threshold + ") must be finite and >= 0");
    }
    // -0.0 + 0.0 is +0.0: one token for the one threshold.
    threshold += 0.0f;
  }

  @Override
  public int[][] select(Model m, RandomGenerator rng) {
    int lo = Magnitudes.key(threshold);
    int[][] out = new int[m.size()][];
    for (int t = 0; t < m.size(); t++) {
      Tensor x = m.tensor(t);
      float[] a = x.array();
      int off = x.offset();
      int n = x.size();
      int count = 0;
      for (int i = 0; i < n; i++) {
        if (Magnitudes.key(a[off + i]) >= lo) {
          count++;
        }
      }
      int[] idx = new int[count];
      int w = 0;
      for (int i = 0; i < n && w < count; i++) {
        if (Magnitudes.key(a[off + i]) >= lo) {
          idx[w++] = i;
        }
      }
      out[t] = idx;
    }
    return Magnitudes.denseWhereFull(m, out);
  }

  /**
   * {@code Threshold(1.0E-4)}: {@link Float#toString}, which {@link Float#parseFloat} reads back.
   */
  @Override
  public String toString() {
    return "Threshold(" + threshold + ")";
  }
}
