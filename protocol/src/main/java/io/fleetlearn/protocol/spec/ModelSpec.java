package io.fleetlearn.protocol.spec;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A model family member: its tensors at full width, its layer chain (which is what width slicing
 * walks), and its variants at any width. Names are PyTorch-style ({@code conv1.weight}); the device
 * client maps its engine's parameters to them in order.
 *
 * <p>Text form, read by {@link #parse}: {@code mlp(784, 200, 10)} (inputs, hidden..., classes),
 * {@code cnn} or {@code cnn(classes)}, {@code sensor1d(features, classes)}.
 */
public sealed interface ModelSpec permits Mlp, Cnn, Sensor1d {

  /** The input of one example, without the batch dimension, e.g. {@code [1, 28, 28]}. */
  Shape inputShape();

  int classes();

  /** Names and shapes of the full model, in order. */
  List<TensorInfo> tensors();

  /** The layers in forward order, for width slicing. */
  LayerChain chain();

  /** Floats of activations one example produces in a forward pass at full width. */
  long activationsPerExample(Ratio width);

  /** How the variant at {@code width} is cut from the full model. */
  default SlicePlan plan(Ratio width) {
    List<TensorInfo> t = tensors();
    return SlicePlan.of(chain(), names(t), shapes(t), width);
  }

  /** Names and shapes of the variant at {@code width}. */
  default List<TensorInfo> tensors(Ratio width) {
    SlicePlan p = plan(width);
    List<TensorInfo> out = new ArrayList<>();
    for (int i = 0; i < p.names().size(); i++) {
      out.add(new TensorInfo(p.names().get(i), p.slicedShape(i)));
    }
    return out;
  }

  default long parameterCount(Ratio width) {
    return plan(width).parameterCount();
  }

  /**
   * Fresh weights as PyTorch initializes them by default (weights and biases uniform in ±1/√fan_in,
   * which is what kaiming_uniform with a = √5 gives), so the coordinator can start a training
   * without a training framework.
   */
  default Model initialize(long seed) {
    return Init.pytorchDefault(tensors(), seed);
  }

  /** Parses the text form; IllegalArgumentException with the accepted forms otherwise. */
  static ModelSpec parse(String text) {
    return SpecParser.parse(text);
  }

  private static List<String> names(List<TensorInfo> t) {
    return t.stream().map(TensorInfo::name).toList();
  }

  private static List<Shape> shapes(List<TensorInfo> t) {
    return t.stream().map(TensorInfo::shape).toList();
  }
}
