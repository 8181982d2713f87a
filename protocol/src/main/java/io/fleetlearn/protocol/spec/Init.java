package io.fleetlearn.protocol.spec;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Weight initialization without a training framework. */
final class Init {
  private Init() {}

  /**
   * PyTorch's default for Linear and Conv layers: weight and bias uniform in ±1/√fan_in, where
   * fan_in is the weight's size divided by its output count. A bias takes the fan_in of the weight
   * before it.
   */
  static Model pytorchDefault(List<TensorInfo> tensors, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> names = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    for (TensorInfo t : tensors) {
      names.add(t.name());
      shapes.add(t.shape());
    }
    Model m = Model.flatZeros(names, shapes);
    int fanIn = 1;
    for (Tensor t : m.tensors()) {
      if (t.shape().rank() >= 2) {
        fanIn = t.size() / t.shape().dim(0);
      }
      double bound = 1.0 / Math.sqrt(fanIn);
      for (int i = 0; i < t.size(); i++) {
        t.set(i, (float) rng.nextDouble(-bound, bound));
      }
    }
    return m;
  }
}
