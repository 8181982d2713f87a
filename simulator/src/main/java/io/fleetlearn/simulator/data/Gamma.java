package io.fleetlearn.simulator.data;

import java.util.SplittableRandom;

/**
 * Gamma and Dirichlet draws. Gamma(k, 1) by Marsaglia and Tsang (2000), "A Simple Method for
 * Generating Gamma Variables"; for k &lt; 1 it uses Gamma(k + 1) · U^(1/k), their boost.
 */
final class Gamma {
  private Gamma() {}

  /** A symmetric Dirichlet(α) draw of {@code n} shares summing to 1. */
  static double[] dirichlet(int n, double alpha, SplittableRandom random) {
    double[] p = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = gamma(alpha, random);
      sum += p[i];
    }
    if (!(sum > 0)) {
      // Tiny α can underflow every draw to 0: then one device takes the class, as the limit would.
      p[random.nextInt(n)] = 1;
      return p;
    }
    for (int i = 0; i < n; i++) {
      p[i] /= sum;
    }
    return p;
  }

  static double gamma(double shape, SplittableRandom random) {
    if (shape < 1) {
      double u = random.nextDouble();
      return gamma(shape + 1, random) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(random);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  private static double normal(SplittableRandom random) {
    // Box-Muller; the second value is dropped, simplicity over speed (a few draws per class).
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
