package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.coding.BitPacking;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.coding.IndexCoding;
import io.fleetlearn.compression.coding.RiceIndexCodec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Realistic update bodies for the entropy benchmarks, generated from seeded Gaussian data with
 * simple inline quantization (not the library's quantizers, so the figures do not move when those
 * change): what the entropy stage would see after the value and index stages.
 */
public final class BenchBodies {
  public static final int N = 1 << 20;
  public static final long SEED = 42;

  /** The body names, in table order. */
  public static final String[] NAMES = {"int8", "pruned50-int8", "top1pct-rice-4bit", "fp32"};

  private BenchBodies() {}

  public static byte[] body(String name) {
    return switch (name) {
      case "int8" -> int8(gaussian(N, SEED));
      case "pruned50-int8" -> int8(pruneHalf(gaussian(N, SEED)));
      case "top1pct-rice-4bit" -> topOnePercent(gaussian(N, SEED));
      case "fp32" -> fp32(gaussian(N, SEED));
      default -> throw new IllegalArgumentException("unknown body " + name);
    };
  }

  /** Update-sized values: N(0, 0.01^2). */
  public static float[] gaussian(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.01 * gaussian(rnd));
    }
    return x;
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  /** Symmetric per-tensor int8: scale then one signed byte a value. */
  static byte[] int8(float[] x) {
    float max = 0;
    for (float v : x) {
      max = Math.max(max, Math.abs(v));
    }
    float scale = max / 127;
    ByteWriter out = new ByteWriter(x.length + 8);
    out.f32(scale);
    int at = out.reserve(x.length);
    byte[] buf = out.array();
    for (int i = 0; i < x.length; i++) {
      buf[at + i] = (byte) Math.round(x[i] / scale);
    }
    return out.toByteArray();
  }

  /** Magnitude pruning of the smaller half to zero. */
  static float[] pruneHalf(float[] x) {
    float[] mags = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      mags[i] = Math.abs(x[i]);
    }
    Arrays.sort(mags);
    float threshold = mags[x.length / 2];
    float[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      if (Math.abs(y[i]) < threshold) {
        y[i] = 0;
      }
    }
    return y;
  }

  /** Top 1% by magnitude: Rice-coded indices, a scale, then 4-bit symmetric codes. */
  static byte[] topOnePercent(float[] x) {
    int k = x.length / 100;
    float[] mags = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      mags[i] = Math.abs(x[i]);
    }
    Arrays.sort(mags);
    float threshold = mags[x.length - k];
    int[] idx = new int[k];
    int n = 0;
    for (int i = 0; i < x.length && n < k; i++) {
      if (Math.abs(x[i]) >= threshold) {
        idx[n++] = i;
      }
    }
    float max = mags[x.length - 1];
    float scale = max / 7;
    int[] codes = new int[n];
    for (int i = 0; i < n; i++) {
      codes[i] = Math.round(x[idx[i]] / scale) + 8; // [-7, 7] -> [1, 15]
    }
    ByteWriter out = new ByteWriter();
    IndexCoding.write(idx, n, x.length, RiceIndexCodec.INSTANCE, out);
    out.f32(scale);
    int at = out.reserve(BitPacking.packedBytes(n, 4));
    BitPacking.pack(codes, 0, n, 4, out.array(), at);
    return out.toByteArray();
  }

  static byte[] fp32(float[] x) {
    return new ByteWriter(4 * x.length).floats(x, 0, x.length).toByteArray();
  }

  /** {@code count} distinct positions in {@code [0, size)}, uniformly at random, sorted. */
  public static int[] randomSet(int size, double density, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] buf = new int[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (rnd.nextDouble() < density) {
        buf[n++] = i;
      }
    }
    return Arrays.copyOf(buf, n);
  }
}
