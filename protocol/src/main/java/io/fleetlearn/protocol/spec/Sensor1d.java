package io.fleetlearn.protocol.spec;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import java.util.List;

/**
 * A 1-D convolutional model for a vector of sensor features: conv 3 (16, padding 1) → ReLU → conv 3
 * (32, padding 1) → ReLU → global average pool → linear classes. Small enough for a Pi Zero; the
 * features are treated as one channel of length {@code features}.
 *
 * @param features length of the feature vector
 * @param classes output classes
 */
public record Sensor1d(int features, int classes) implements ModelSpec {
  static final int C1 = 16;
  static final int C2 = 32;

  public Sensor1d {
    SpecParser.positive("features", features);
    SpecParser.positive("classes", classes);
  }

  @Override
  public Shape inputShape() {
    return Shape.of(1, features);
  }

  @Override
  public List<TensorInfo> tensors() {
    return List.of(
        new TensorInfo("conv1.weight", Shape.of(C1, 1, 3)),
        new TensorInfo("conv1.bias", Shape.of(C1)),
        new TensorInfo("conv2.weight", Shape.of(C2, C1, 3)),
        new TensorInfo("conv2.bias", Shape.of(C2)),
        new TensorInfo("fc.weight", Shape.of(classes, C2)),
        new TensorInfo("fc.bias", Shape.of(classes)));
  }

  @Override
  public LayerChain chain() {
    return LayerChain.of(
        LayerChain.Layer.of("conv1.weight", "conv1.bias"),
        LayerChain.Layer.of("conv2.weight", "conv2.bias"),
        LayerChain.Layer.of("fc.weight", "fc.bias"));
  }

  @Override
  public long activationsPerExample(Ratio width) {
    return features
        + (long) features * (width.ceilOf(C1) + width.ceilOf(C2))
        + width.ceilOf(C2)
        + classes;
  }

  @Override
  public String toString() {
    return "sensor1d(" + features + ", " + classes + ")";
  }
}
