package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.quant.AffineQuantizer;
import io.fleetlearn.compression.quant.Fp16;
import io.fleetlearn.compression.quant.Ternary;
import io.fleetlearn.compression.quant.ValueCodec;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode of 2^20 Gaussian floats (4 MiB) per operation, with a memcpy of the same 4 MiB
 * as the baseline. MB/s of float input = ops/s * 4.194304.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QuantBench {
  static final int N = 1 << 20;
  static final int CHANNELS = 1024;

  static float[] gaussian() {
    SplittableRandom r = new SplittableRandom(42);
    float[] v = new float[N];
    for (int i = 0; i < N; i++) {
      v[i] = (float) (0.02 * r.nextGaussian());
    }
    return v;
  }

  /** The memcpy baseline's arrays. */
  @State(Scope.Thread)
  public static class Copy {
    float[] src;
    float[] dst;

    @Setup
    public void setUp() {
      src = gaussian();
      dst = new float[N];
    }
  }

  /** One codec, its input, and a payload to decode. */
  @State(Scope.Thread)
  public static class Codec {
    @Param({"Fp16", "Int8", "Int8(channel)", "Int4", "Int2", "Ternary"})
    public String token;

    ValueCodec codec;
    float[] src;
    float[] dst;
    int[] bounds;
    byte[] payload;
    ByteWriter out;
    SplittableRandom rng;

    @Setup
    public void setUp() {
      codec =
          switch (token) {
            case "Fp16" -> Fp16.INSTANCE;
            case "Ternary" -> Ternary.SIGNS;
            default -> AffineQuantizer.parse(token);
          };
      src = gaussian();
      dst = new float[N];
      if (codec.perChannel()) {
        bounds = new int[CHANNELS + 1];
        for (int g = 0; g <= CHANNELS; g++) {
          bounds[g] = (int) ((long) N * g / CHANNELS);
        }
      } else {
        bounds = new int[] {0, N};
      }
      rng = new SplittableRandom(7);
      out = new ByteWriter((int) codec.payloadBytes(N, bounds.length - 1));
      codec.encode(src, 0, N, bounds, rng, out);
      payload = out.toByteArray();
    }
  }

  @Benchmark
  public float[] memcpy(Copy c) {
    System.arraycopy(c.src, 0, c.dst, 0, N);
    return c.dst;
  }

  @Benchmark
  public int encode(Codec c) {
    // A fresh writer of the exact size, so the run measures encoding rather than buffer growth.
    ByteWriter out = new ByteWriter(c.payload.length);
    c.codec.encode(c.src, 0, N, c.bounds, c.rng, out);
    return out.position();
  }

  @Benchmark
  public float[] decode(Codec c) {
    c.codec.decode(new ByteReader(c.payload), c.dst, 0, N, c.bounds);
    return c.dst;
  }
}
