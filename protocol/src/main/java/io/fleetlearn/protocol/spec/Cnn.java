package io.fleetlearn.protocol.spec;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import java.util.List;

/**
 * The small CNN for 28×28 grey images (Fashion-MNIST): conv 5×5 (16) → ReLU → max-pool 2 → conv 5×5
 * (32) → ReLU → max-pool 2 → flatten (32·4·4) → linear 128 → ReLU → linear classes. 80,202
 * parameters for 10 classes; it reaches about 87% test accuracy on Fashion-MNIST centrally.
 *
 * @param classes output classes
 */
public record Cnn(int classes) implements ModelSpec {
  static final int C1 = 16;
  static final int C2 = 32;
  static final int FC = 128;
  static final int MAP = 4 * 4;

  public Cnn {
    SpecParser.positive("classes", classes);
  }

  @Override
  public Shape inputShape() {
    return Shape.of(1, 28, 28);
  }

  @Override
  public List<TensorInfo> tensors() {
    return List.of(
        new TensorInfo("conv1.weight", Shape.of(C1, 1, 5, 5)),
        new TensorInfo("conv1.bias", Shape.of(C1)),
        new TensorInfo("conv2.weight", Shape.of(C2, C1, 5, 5)),
        new TensorInfo("conv2.bias", Shape.of(C2)),
        new TensorInfo("fc1.weight", Shape.of(FC, C2 * MAP)),
        new TensorInfo("fc1.bias", Shape.of(FC)),
        new TensorInfo("fc2.weight", Shape.of(classes, FC)),
        new TensorInfo("fc2.bias", Shape.of(classes)));
  }

  @Override
  public LayerChain chain() {
    return LayerChain.of(
        LayerChain.Layer.of("conv1.weight", "conv1.bias"),
        LayerChain.Layer.of("conv2.weight", "conv2.bias"),
        // Each conv2 channel becomes 4×4 = 16 consecutive inputs of fc1 after flattening.
        new LayerChain.Layer("fc1.weight", "fc1.bias", List.of(), MAP),
        LayerChain.Layer.of("fc2.weight", "fc2.bias"));
  }

  @Override
  public long activationsPerExample(Ratio width) {
    long c1 = width.ceilOf(C1);
    long c2 = width.ceilOf(C2);
    return 28 * 28 + c1 * (24 * 24 + 12 * 12) + c2 * (8 * 8 + MAP) + width.ceilOf(FC) + classes;
  }

  @Override
  public String toString() {
    return classes == 10 ? "cnn" : "cnn(" + classes + ")";
  }
}
