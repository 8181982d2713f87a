package io.fleetlearn.device.probe;

import java.time.Duration;

/**
 * A short compute benchmark run at start: single-threaded float matrix multiplication, reported in
 * GFLOPS. The coordinator divides a round's work by it to estimate training time before it has seen
 * the device train; past rounds then take over.
 */
public final class ComputeBenchmark {
  private static final int N = 96;

  private ComputeBenchmark() {}

  /** Runs for about {@code budget} (at least one multiplication) and returns GFLOPS. */
  public static double gflops(Duration budget) {
    float[] a = new float[N * N];
    float[] b = new float[N * N];
    float[] c = new float[N * N];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 7) * 0.1f;
      b[i] = (i % 5) * 0.2f;
    }
    // One untimed pass so the JIT has compiled the loop before the clock starts.
    multiply(a, b, c);
    long deadline = System.nanoTime() + budget.toNanos();
    long start = System.nanoTime();
    long runs = 0;
    do {
      multiply(a, b, c);
      runs++;
    } while (System.nanoTime() < deadline);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (c[0] == Float.MIN_VALUE) {
      // Keeps the result alive so the loop cannot be optimized away.
      throw new AssertionError();
    }
    return 2.0 * N * N * N * runs / seconds / 1e9;
  }

  private static void multiply(float[] a, float[] b, float[] c) {
    java.util.Arrays.fill(c, 0f);
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < N; k++) {
        float aik = a[i * N + k];
        for (int j = 0; j < N; j++) {
          c[i * N + j] += aik * b[k * N + j];
        }
      }
    }
  }
}
