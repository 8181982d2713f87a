package io.fleetlearn.aggregation.privacy;

import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Small models and updates for the privacy tests: tensor "w" of shape 2×3 and "b" of shape 3. */
final class Updates {
  private Updates() {}

  static Model model(float... nine) {
    float[] w = new float[6];
    float[] b = new float[3];
    System.arraycopy(nine, 0, w, 0, 6);
    System.arraycopy(nine, 6, b, 0, 3);
    return Model.of(Tensor.of("w", Shape.of(2, 3), w), Tensor.of("b", Shape.of(3), b));
  }

  static UpdateData dense(float... nine) {
    return UpdateData.of(model(nine));
  }

  /** All parameters of {@code m} in order, as doubles. */
  static double[] flat(Model m) {
    List<Double> out = new ArrayList<>();
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        out.add((double) t.get(i));
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** An update handed over sparsely: only the nonzero entries of {@code nine}. */
  static UpdateData sparse(float... nine) {
    UpdateData dense = dense(nine);
    return new UpdateData() {
      @Override
      public List<TensorInfo> tensors() {
        return dense.tensors();
      }

      @Override
      public void visit(SectionSink sink) {
        int base = 0;
        for (int t = 0; t < 2; t++) {
          TensorInfo info = dense.tensors().get(t);
          int n = info.shape().size();
          int[] idx = new int[n];
          float[] v = new float[n];
          int c = 0;
          for (int i = 0; i < n; i++) {
            if (nine[base + i] != 0) {
              idx[c] = i;
              v[c++] = nine[base + i];
            }
          }
          sink.sparse(t, info, idx, v, c);
          base += n;
        }
      }
    };
  }

  static double norm(float... values) {
    double s = 0;
    for (float v : values) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }
}
