package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic models for tests: a small MLP and a small CNN with Gaussian weights. */
final class TestModels {
  private TestModels() {}

  static Model mlp(long seed, int in, int hidden, int out) {
    SplittableRandom r = new SplittableRandom(seed);
    return Model.of(
        gaussian(r, "fc1.weight", 0.1, hidden, in),
        gaussian(r, "fc1.bias", 0.01, hidden),
        gaussian(r, "fc2.weight", 0.1, out, hidden),
        gaussian(r, "fc2.bias", 0.01, out));
  }

  static Model cnn(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return Model.of(
        gaussian(r, "conv1.weight", 0.2, 8, 1, 5, 5),
        gaussian(r, "conv1.bias", 0.01, 8),
        gaussian(r, "conv2.weight", 0.05, 16, 8, 5, 5),
        gaussian(r, "conv2.bias", 0.01, 16),
        gaussian(r, "fc1.weight", 0.05, 32, 16 * 4 * 4),
        gaussian(r, "fc1.bias", 0.01, 32),
        gaussian(r, "fc2.weight", 0.1, 10, 32),
        gaussian(r, "fc2.bias", 0.01, 10));
  }

  static Tensor gaussian(SplittableRandom r, String name, double sigma, int... dims) {
    Shape s = Shape.of(dims);
    float[] a = new float[s.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (gauss(r) * sigma);
    }
    return Tensor.of(name, s, a);
  }

  static double gauss(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  static double relativeL2(Model expected, Model actual) {
    double num = 0;
    double den = 0;
    List<Tensor> a = expected.tensors();
    for (int i = 0; i < a.size(); i++) {
      Tensor x = a.get(i);
      Tensor y = actual.tensor(i);
      for (int j = 0; j < x.size(); j++) {
        double d = x.get(j) - y.get(j);
        num += d * d;
        den += (double) x.get(j) * x.get(j);
      }
    }
    return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
  }

  static long nonZeros(Model m) {
    long n = 0;
    for (Tensor t : m.tensors()) {
      for (int j = 0; j < t.size(); j++) {
        if (t.get(j) != 0) {
          n++;
        }
      }
    }
    return n;
  }
}
