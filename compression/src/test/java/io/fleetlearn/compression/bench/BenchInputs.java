package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The two inputs every codec is measured on. */
final class BenchInputs {
  static final String UPDATE_1M = "update-1M";
  static final String CNN = "fmnist-cnn";

  private BenchInputs() {}

  static Model load(String input) {
    return switch (input) {
      case UPDATE_1M -> update1M();
      case CNN -> cnn();
      default -> throw new IllegalArgumentException("unknown input " + input);
    };
  }

  /** The chain width slicing walks, or null for inputs that are not a layered model. */
  static LayerChain chain(String input) {
    if (!input.equals(CNN)) {
      return null;
    }
    Model m = cnn();
    List<String> n = m.names();
    // conv1 -> conv2 -> flatten (32 channels x 4 x 4) -> fc1 -> fc2
    return new LayerChain(
        List.of(
            new LayerChain.Layer(n.get(0), n.get(1), List.of(), 1),
            new LayerChain.Layer(n.get(2), n.get(3), List.of(), 1),
            new LayerChain.Layer(n.get(4), n.get(5), List.of(), 16),
            new LayerChain.Layer(n.get(6), n.get(7), List.of(), 1)));
  }

  /**
   * A synthetic 1M-parameter update, shaped like a dense layer's: Gaussian with a log-normal scale
   * per output row, as real updates differ a lot in scale from unit to unit.
   */
  static Model update1M() {
    SplittableRandom r = new SplittableRandom(20261123);
    int rows = 1024;
    int cols = 1024;
    float[] w = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      double scale = 1e-3 * Math.exp(0.5 * gauss(r));
      for (int j = 0; j < cols; j++) {
        w[i * cols + j] = (float) (scale * gauss(r));
      }
    }
    float[] b = new float[rows];
    for (int i = 0; i < rows; i++) {
      b[i] = (float) (1e-3 * gauss(r));
    }
    return Model.of(
        Tensor.of("fc.weight", Shape.of(rows, cols), w), Tensor.of("fc.bias", Shape.of(rows), b));
  }

  /**
   * The weights of a small CNN trained on Fashion-MNIST with DJL (see {@code
   * fixtures/fmnist-cnn.txt}), in the fixture's simple format: "FLT1", u32 count, then per tensor a
   * u16 name length, the name, u8 rank, u32 dims and float32 values, all little-endian.
   */
  static Model cnn() {
    try (InputStream in = BenchInputs.class.getResourceAsStream("/fixtures/fmnist-cnn.flt")) {
      if (in == null) {
        throw new IllegalStateException(
            "fixtures/fmnist-cnn.flt is missing from the test resources");
      }
      ByteReader r = new ByteReader(in.readAllBytes());
      if (r.i32("magic") != 0x31544C46) {
        throw new CodecException("fmnist-cnn.flt does not start with FLT1");
      }
      int count = r.i32("tensor count");
      List<Tensor> tensors = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] name = new byte[r.u16("name length")];
        System.arraycopy(r.array(), r.skip(name.length, "name"), name, 0, name.length);
        int[] dims = new int[r.u8("rank")];
        for (int d = 0; d < dims.length; d++) {
          dims[d] = r.i32("dim");
        }
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        r.floats(v, 0, v.length, "values");
        tensors.add(Tensor.of(new String(name, java.nio.charset.StandardCharsets.UTF_8), s, v));
      }
      return Model.of(tensors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double gauss(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
