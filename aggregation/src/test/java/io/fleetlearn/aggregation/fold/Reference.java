package io.fleetlearn.aggregation.fold;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;

/**
 * The weighted mean computed the plain way, independently of the code under test: every update,
 * narrow or not, is embedded into a full-size array with a coverage mask by index arithmetic, and
 * sums and covering weights are accumulated in double loops.
 */
final class Reference {
  private final List<Shape> full;
  final double[] sum;
  final double[] weight;

  Reference(Model fullModel) {
    this.full = fullModel.shapes();
    int n = (int) fullModel.parameterCount();
    this.sum = new double[n];
    this.weight = new double[n];
  }

  /** Adds an update of the full layout or of a prefix slice of dimensions 0 and 1 of it. */
  void add(Model update, double w) {
    int base = 0;
    for (int t = 0; t < full.size(); t++) {
      Shape f = full.get(t);
      Tensor u = update.tensor(t);
      Shape s = u.shape();
      for (int k = 0; k < u.size(); k++) {
        int p = base + embed(f, s, k);
        sum[p] += w * u.get(k);
        weight[p] += w;
      }
      base += f.size();
    }
  }

  /** Index in the full tensor of element {@code k} of the sliced one (row-major, same inner). */
  static int embed(Shape full, Shape sliced, int k) {
    if (full.rank() < 2) {
      return k;
    }
    int inner = 1;
    for (int d = 2; d < full.rank(); d++) {
      inner *= full.dim(d);
    }
    int slicedRow = sliced.dim(1) * inner;
    int row = k / slicedRow;
    return row * full.dim(1) * inner + k % slicedRow;
  }

  /** The mean at parameter {@code p}, 0 where nothing covers it. */
  double mean(int p) {
    return weight[p] > 0 ? sum[p] / weight[p] : 0;
  }
}
