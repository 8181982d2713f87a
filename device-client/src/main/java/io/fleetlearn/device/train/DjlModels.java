package io.fleetlearn.device.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.protocol.spec.Cnn;
import io.fleetlearn.protocol.spec.Mlp;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.fleetlearn.protocol.spec.Sensor1d;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL networks for the model specs, and the 1:1 mapping between a network's parameters and the
 * spec's tensors. DJL lays weights out as PyTorch does (Linear {@code [out, in]}, Conv {@code [out,
 * in, k...]}), so a spec tensor and its DJL parameter hold the same floats in the same order.
 */
public final class DjlModels {
  private DjlModels() {}

  /**
   * One DJL parameter and the spec tensor it holds.
   *
   * @param djlName DJL's name, e.g. {@code 01Conv2d_weight}
   * @param tensor the spec tensor's name and shape at the width
   * @param parameter the parameter itself (its array exists once the block is initialized)
   */
  public record Binding(String djlName, TensorInfo tensor, Parameter parameter) {}

  /** The network of {@code spec} at {@code width}; channel and unit counts from its tensors. */
  public static SequentialBlock build(ModelSpec spec, Ratio width) {
    List<Integer> out = weightRows(spec.tensors(width));
    SequentialBlock b = new SequentialBlock();
    if (spec instanceof Mlp) {
      for (int i = 0; i < out.size(); i++) {
        b.add(Linear.builder().setUnits(out.get(i)).build());
        if (i < out.size() - 1) {
          b.add(Activation.reluBlock());
        }
      }
    } else if (spec instanceof Cnn) {
      b.add(conv2d(out.get(0)))
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(2, 2)))
          .add(conv2d(out.get(1)))
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(2, 2)))
          .add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(out.get(2)).build())
          .add(Activation.reluBlock())
          .add(Linear.builder().setUnits(out.get(3)).build());
    } else if (spec instanceof Sensor1d) {
      b.add(conv1d(out.get(0)))
          .add(Activation.reluBlock())
          .add(conv1d(out.get(1)))
          .add(Activation.reluBlock())
          .add(Pool.globalAvgPool1dBlock())
          .add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(out.get(2)).build());
    } else {
      throw new IllegalArgumentException("no DJL network for model spec " + spec);
    }
    return b;
  }

  /**
   * The input shape of a batch of {@code batch} examples: {@code [batch, spec.inputShape()...]}.
   */
  public static Shape inputShape(ModelSpec spec, long batch) {
    int[] dims = spec.inputShape().dims();
    long[] s = new long[dims.length + 1];
    s[0] = batch;
    for (int i = 0; i < dims.length; i++) {
      s[i + 1] = dims[i];
    }
    return new Shape(s);
  }

  /**
   * Pairs the initialized block's parameters, in order, with {@code spec.tensors(width)}; fails
   * with the first mismatch (count, weight/bias kind or shape) named.
   */
  public static List<Binding> bind(Block block, ModelSpec spec, Ratio width) {
    List<TensorInfo> expected = spec.tensors(width);
    List<Pair<String, Parameter>> params = block.getParameters().stream().toList();
    if (params.size() != expected.size()) {
      throw new IllegalStateException(
          "DJL network has "
              + params.size()
              + " parameters "
              + params.stream().map(Pair::getKey).toList()
              + " but "
              + spec
              + " at "
              + width
              + " has "
              + expected.size()
              + " tensors "
              + expected.stream().map(TensorInfo::name).toList());
    }
    List<Binding> out = new ArrayList<>(params.size());
    for (int i = 0; i < params.size(); i++) {
      String djlName = params.get(i).getKey();
      Parameter p = params.get(i).getValue();
      TensorInfo t = expected.get(i);
      String kind = p.getType().name().toLowerCase(java.util.Locale.ROOT);
      if (!t.name().endsWith("." + kind)) {
        throw new IllegalStateException(
            "DJL parameter " + i + " (" + djlName + ") is a " + kind + " but maps to " + t.name());
      }
      Shape have = p.getArray().getShape();
      if (!sameShape(have, t.shape())) {
        throw new IllegalStateException(
            "DJL parameter "
                + i
                + " ("
                + djlName
                + ") has shape "
                + have
                + " but "
                + spec
                + " at "
                + width
                + " expects "
                + t.name()
                + " "
                + t.shape());
      }
      out.add(new Binding(djlName, t, p));
    }
    return out;
  }

  /** Copies {@code weights} (the spec's layout at the bound width) into the parameters. */
  public static void load(List<Binding> bindings, Model weights) {
    requireLayout(bindings, weights);
    for (int i = 0; i < bindings.size(); i++) {
      // After initialize the parameter owns its array; replacing it would drop the gradient
      // buffer the trainer attached, so the values are written in place.
      bindings.get(i).parameter().getArray().set(weights.tensor(i).toArray());
    }
  }

  /** The parameters' current values as a model in the spec's layout, in one flat array. */
  public static Model read(List<Binding> bindings) {
    List<String> names = new ArrayList<>();
    List<io.fleetlearn.compression.tensor.Shape> shapes = new ArrayList<>();
    for (Binding b : bindings) {
      names.add(b.tensor().name());
      shapes.add(b.tensor().shape());
    }
    Model m = Model.flatZeros(names, shapes);
    for (int i = 0; i < bindings.size(); i++) {
      float[] v = bindings.get(i).parameter().getArray().toFloatArray();
      Tensor t = m.tensor(i);
      System.arraycopy(v, 0, t.array(), t.offset(), t.size());
    }
    return m;
  }

  static void requireLayout(List<Binding> bindings, Model weights) {
    boolean same = weights.size() == bindings.size();
    for (int i = 0; same && i < bindings.size(); i++) {
      TensorInfo t = bindings.get(i).tensor();
      same =
          t.name().equals(weights.tensor(i).name()) && t.shape().equals(weights.tensor(i).shape());
    }
    if (!same) {
      throw new IllegalArgumentException(
          "weights "
              + weights.tensors()
              + " do not have the network's layout "
              + bindings.stream().map(b -> b.tensor().name() + b.tensor().shape()).toList());
    }
  }

  private static boolean sameShape(Shape djl, io.fleetlearn.compression.tensor.Shape spec) {
    if (djl.dimension() != spec.rank()) {
      return false;
    }
    for (int i = 0; i < spec.rank(); i++) {
      if (djl.get(i) != spec.dim(i)) {
        return false;
      }
    }
    return true;
  }

  /** Output units or channels of each layer: the first dimension of each weight, in order. */
  private static List<Integer> weightRows(List<TensorInfo> tensors) {
    return tensors.stream()
        .filter(t -> t.name().endsWith(".weight"))
        .map(t -> t.shape().dim(0))
        .toList();
  }

  private static Block conv2d(int filters) {
    return Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(filters).build();
  }

  private static Block conv1d(int filters) {
    return Conv1d.builder()
        .setKernelShape(new Shape(3))
        .optPadding(new Shape(1))
        .setFilters(filters)
        .build();
  }
}
