package io.fleetlearn.compression.prune;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Models and index arithmetic shared by the pruning tests. */
final class Fixtures {
  private Fixtures() {}

  /** The CNN of the brief: two 5x5 convolutions, a flatten of 32x4x4, two linear layers. */
  static Model cnn() {
    return indexed(
        List.of(
            "01Conv2d_weight",
            "01Conv2d_bias",
            "02Conv2d_weight",
            "02Conv2d_bias",
            "03Linear_weight",
            "03Linear_bias",
            "04Linear_weight",
            "04Linear_bias"),
        List.of(
            Shape.of(16, 1, 5, 5),
            Shape.of(16),
            Shape.of(32, 16, 5, 5),
            Shape.of(32),
            Shape.of(128, 512),
            Shape.of(128),
            Shape.of(10, 128),
            Shape.of(10)));
  }

  static LayerChain cnnChain() {
    return LayerChain.of(
        LayerChain.Layer.of("01Conv2d_weight", "01Conv2d_bias"),
        LayerChain.Layer.of("02Conv2d_weight", "02Conv2d_bias"),
        new LayerChain.Layer("03Linear_weight", "03Linear_bias", List.of(), 16),
        LayerChain.Layer.of("04Linear_weight", "04Linear_bias"));
  }

  /** An MLP 20 -> 30 -> 7 -> 10 whose hidden widths make ceil rounding visible. */
  static Model mlp() {
    return indexed(
        List.of("fc1_weight", "fc1_bias", "fc2_weight", "fc2_bias", "fc3_weight", "fc3_bias"),
        List.of(
            Shape.of(30, 20),
            Shape.of(30),
            Shape.of(7, 30),
            Shape.of(7),
            Shape.of(10, 7),
            Shape.of(10)));
  }

  static LayerChain mlpChain() {
    return LayerChain.of(
        LayerChain.Layer.of("fc1_weight", "fc1_bias"),
        LayerChain.Layer.of("fc2_weight", "fc2_bias"),
        LayerChain.Layer.of("fc3_weight", "fc3_bias"));
  }

  /**
   * A model whose every element holds its position in the flat model (exact as float below 2^24),
   * so a sliced value tells where it came from.
   */
  static Model indexed(List<String> names, List<Shape> shapes) {
    Model m = Model.flatZeros(names, shapes);
    int pos = 0;
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        t.set(i, pos++);
      }
    }
    return m;
  }

  static Model random(List<String> names, List<Shape> shapes, long seed) {
    Model m = Model.flatZeros(names, shapes);
    Random rnd = new Random(seed);
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        t.set(i, (float) rnd.nextGaussian());
      }
    }
    return m;
  }

  /**
   * The flat index in {@code full} of the element at flat index {@code s} of {@code sliced}, by
   * decomposing into a multi-index: an oracle independent of the run arithmetic under test.
   */
  static int fullIndex(Shape sliced, Shape full, int s) {
    int[] idx = new int[sliced.rank()];
    for (int d = sliced.rank() - 1; d >= 0; d--) {
      idx[d] = s % sliced.dim(d);
      s /= sliced.dim(d);
    }
    int f = 0;
    for (int d = 0; d < full.rank(); d++) {
      f = f * full.dim(d) + idx[d];
    }
    return f;
  }

  /** Names and shapes of a sequential MLP with these layer widths, biases included. */
  static List<String> mlpNames(int layers) {
    List<String> n = new ArrayList<>();
    for (int k = 0; k < layers; k++) {
      n.add("l" + k + "_weight");
      n.add("l" + k + "_bias");
    }
    return n;
  }

  static List<Shape> mlpShapes(int... widths) {
    List<Shape> s = new ArrayList<>();
    for (int k = 0; k + 1 < widths.length; k++) {
      s.add(Shape.of(widths[k + 1], widths[k]));
      s.add(Shape.of(widths[k + 1]));
    }
    return s;
  }
}
