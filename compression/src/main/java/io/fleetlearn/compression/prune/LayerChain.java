package io.fleetlearn.compression.prune;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The layers of a model in forward order, as width slicing and channel reordering see them: each
 * layer's output channels feed the next layer's inputs. Only the names are held; shapes come from
 * the model or layout the chain is {@linkplain #validate validated} against.
 *
 * @param layers the layers, first (reading the model's input) to last (producing its output)
 */
public record LayerChain(List<Layer> layers) {

  /**
   * One layer: a weight whose dimension 0 is the output units or channels and dimension 1 the input
   * units or channels (further dimensions are the kernel), with its per-output-channel companions.
   *
   * @param weight name of the weight tensor, rank at least 2
   * @param bias name of the bias tensor (rank 1, one element per output channel), or null
   * @param attached names of further per-output-channel tensors cut along dimension 0 with the
   *     weight, such as batch-norm gamma, beta and running statistics
   * @param inputBlock how many consecutive input features of this layer each output channel of the
   *     previous layer feeds: 1 normally, {@code H*W} for a linear layer reading a flattened {@code
   *     C x H x W} convolution output (flattening is channel-major, so the first {@code c} channels
   *     are the first {@code c * H * W} features)
   */
  public record Layer(String weight, String bias, List<String> attached, int inputBlock) {
    public Layer {
      Objects.requireNonNull(weight, "weight");
      attached = List.copyOf(attached);
      if (inputBlock < 1) {
        throw new IllegalArgumentException(
            "layer " + weight + ": inputBlock (" + inputBlock + ") must be >= 1");
      }
    }

    /** A layer with no attached tensors and an input block of 1. */
    public static Layer of(String weight, String bias) {
      return new Layer(weight, bias, List.of(), 1);
    }

    /** The names of every tensor cut along dimension 0 with the weight: bias and attached. */
    List<String> perChannel() {
      List<String> list = new ArrayList<>(attached.size() + 1);
      if (bias != null) {
        list.add(bias);
      }
      list.addAll(attached);
      return list;
    }
  }

  public LayerChain {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a layer chain needs at least one layer");
    }
  }

  /** The chain of these layers, in forward order. */
  public static LayerChain of(Layer... layers) {
    return new LayerChain(List.of(layers));
  }

  /**
   * Infers the chain of a plain sequential model whose tensors are, in order, a weight of rank at
   * least 2 optionally followed by its bias (rank 1, size equal to the weight's dimension 0), layer
   * after layer. A layer whose input count is a multiple {@code b} of the previous layer's output
   * count gets input block {@code b} (a linear layer after a flatten).
   *
   * @throws IllegalArgumentException naming the first tensor that does not fit such a chain
   */
  public static LayerChain sequential(Model m) {
    List<Layer> layers = new ArrayList<>();
    int prevOut = -1;
    String prevWeight = null;
    int i = 0;
    while (i < m.size()) {
      Tensor w = m.tensor(i);
      Shape ws = w.shape();
      if (ws.rank() < 2) {
        throw new IllegalArgumentException(
            "tensor "
                + w.name()
                + " of shape "
                + ws
                + " is neither a weight (rank >= 2) nor the bias of the weight before it");
      }
      if (ws.dim(0) == 0 || ws.dim(1) == 0) {
        throw new IllegalArgumentException("weight " + w.name() + " has an empty shape " + ws);
      }
      int block = 1;
      if (prevWeight != null) {
        if (ws.dim(1) % prevOut != 0) {
          throw new IllegalArgumentException(
              "weight "
                  + w.name()
                  + " has "
                  + ws.dim(1)
                  + " inputs, not a multiple of the "
                  + prevOut
                  + " outputs of "
                  + prevWeight);
        }
        block = ws.dim(1) / prevOut;
      }
      String bias = null;
      if (i + 1 < m.size()) {
        Shape bs = m.tensor(i + 1).shape();
        if (bs.rank() == 1 && bs.dim(0) == ws.dim(0)) {
          bias = m.tensor(i + 1).name();
        }
      }
      layers.add(new Layer(w.name(), bias, List.of(), block));
      prevOut = ws.dim(0);
      prevWeight = w.name();
      i += bias == null ? 1 : 2;
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("the model has no tensors, so no layers");
    }
    return new LayerChain(layers);
  }

  /** Number of layers. */
  public int size() {
    return layers.size();
  }

  /** The layer at {@code k} in forward order. */
  public Layer layer(int k) {
    return layers.get(k);
  }

  /** Validates against a model's own layout. */
  public void validate(Model m) {
    validate(m.names(), m.shapes());
  }

  /**
   * Checks that every tensor of the chain exists in this layout, appears in the chain once, and has
   * a consistent shape: weights of rank at least 2 with no empty dimension 0 or 1, biases of rank 1
   * and attached tensors of rank at least 1 with dimension 0 equal to their weight's output count,
   * and each layer's input count equal to the previous layer's output count times its input block.
   *
   * @throws IllegalArgumentException naming the offending tensor
   */
  public void validate(List<String> names, List<Shape> shapes) {
    if (names.size() != shapes.size()) {
      throw new IllegalArgumentException(names.size() + " names but " + shapes.size() + " shapes");
    }
    Map<String, Shape> byName = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      byName.put(names.get(i), shapes.get(i));
    }
    Set<String> seen = new HashSet<>();
    int prevOut = -1;
    String prevWeight = null;
    for (int k = 0; k < layers.size(); k++) {
      Layer layer = layers.get(k);
      Shape ws = lookup(byName, seen, layer.weight(), k, "weight");
      if (ws.rank() < 2) {
        throw new IllegalArgumentException(
            "weight " + layer.weight() + " has shape " + ws + "; a weight needs rank >= 2");
      }
      if (ws.dim(0) == 0 || ws.dim(1) == 0) {
        throw new IllegalArgumentException(
            "weight " + layer.weight() + " has an empty shape " + ws);
      }
      int out = ws.dim(0);
      if (prevWeight != null && (long) prevOut * layer.inputBlock() != ws.dim(1)) {
        throw new IllegalArgumentException(
            "weight "
                + layer.weight()
                + " has "
                + ws.dim(1)
                + " inputs but the previous layer "
                + prevWeight
                + " has "
                + prevOut
                + " outputs x inputBlock "
                + layer.inputBlock());
      }
      if (layer.bias() != null) {
        Shape bs = lookup(byName, seen, layer.bias(), k, "bias");
        if (bs.rank() != 1 || bs.dim(0) != out) {
          throw new IllegalArgumentException(
              "bias "
                  + layer.bias()
                  + " has shape "
                  + bs
                  + " but its weight has "
                  + out
                  + " outputs");
        }
      }
      for (String a : layer.attached()) {
        Shape as = lookup(byName, seen, a, k, "attached tensor");
        if (as.rank() < 1 || as.dim(0) != out) {
          throw new IllegalArgumentException(
              "attached tensor "
                  + a
                  + " has shape "
                  + as
                  + " but its weight has "
                  + out
                  + " outputs");
        }
      }
      prevOut = out;
      prevWeight = layer.weight();
    }
  }

  private static Shape lookup(
      Map<String, Shape> byName, Set<String> seen, String name, int layer, String role) {
    Shape s = byName.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          role + " " + name + " of layer " + layer + " is not a tensor of the model");
    }
    if (!seen.add(name)) {
      throw new IllegalArgumentException("tensor " + name + " appears twice in the layer chain");
    }
    return s;
  }
}
