package io.fleetlearn.aggregation.robust;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.Arrays;

/** Small models in a two-tensor layout ("w" then "b") and results built from flat arrays. */
final class Fixtures {
  private Fixtures() {}

  /**
   * A model whose flat values are {@code v}: "w" holds the first half (rounded up), "b" the rest.
   */
  static Model model(float... v) {
    int w = (v.length + 1) / 2;
    Tensor tw = Tensor.of("w", Shape.of(w), Arrays.copyOfRange(v, 0, w));
    if (w == v.length) {
      return Model.of(tw);
    }
    return Model.of(tw, Tensor.of("b", Shape.of(v.length - w), Arrays.copyOfRange(v, w, v.length)));
  }

  static TrainResult result(String id, long round, float... delta) {
    return TrainResult.of(id, round, 10, UpdateData.of(model(delta)));
  }

  static float[] flat(Model m) {
    float[] out = new float[(int) m.parameterCount()];
    int p = 0;
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        out[p++] = t.get(i);
      }
    }
    return out;
  }

  static float[] zeros(int n) {
    return new float[n];
  }
}
