package io.fleetlearn.protocol.spec;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron with ReLU between layers: {@code fc1 … fcN}, the last one producing the
 * class scores.
 *
 * @param inputs input features (784 for a flattened 28×28 image)
 * @param hidden units of each hidden layer, at full width
 * @param classes output classes
 */
public record Mlp(int inputs, List<Integer> hidden, int classes) implements ModelSpec {
  public Mlp {
    SpecParser.positive("inputs", inputs);
    SpecParser.positive("classes", classes);
    hidden = List.copyOf(hidden);
    for (int h : hidden) {
      SpecParser.positive("hidden units", h);
    }
  }

  @Override
  public Shape inputShape() {
    return Shape.of(inputs);
  }

  @Override
  public List<TensorInfo> tensors() {
    List<TensorInfo> out = new ArrayList<>();
    int in = inputs;
    int layer = 1;
    for (int h : hidden) {
      out.add(new TensorInfo("fc" + layer + ".weight", Shape.of(h, in)));
      out.add(new TensorInfo("fc" + layer + ".bias", Shape.of(h)));
      in = h;
      layer++;
    }
    out.add(new TensorInfo("fc" + layer + ".weight", Shape.of(classes, in)));
    out.add(new TensorInfo("fc" + layer + ".bias", Shape.of(classes)));
    return out;
  }

  @Override
  public LayerChain chain() {
    List<LayerChain.Layer> layers = new ArrayList<>();
    for (int i = 1; i <= hidden.size() + 1; i++) {
      layers.add(LayerChain.Layer.of("fc" + i + ".weight", "fc" + i + ".bias"));
    }
    return new LayerChain(layers);
  }

  @Override
  public long activationsPerExample(Ratio width) {
    long sum = inputs + classes;
    for (int h : hidden) {
      sum += width.ceilOf(h);
    }
    return sum;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("mlp(").append(inputs);
    for (int h : hidden) {
      b.append(", ").append(h);
    }
    return b.append(", ").append(classes).append(')').toString();
  }
}
