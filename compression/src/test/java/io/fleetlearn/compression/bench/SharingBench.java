package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.sharing.WeightSharing;
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
 * Weight sharing of 1M Gaussian floats (4 MB): encode (radix sort, k-means, assign, pack) and
 * decode (unpack, look up). MB/s = 4 / (ms per op / 1000).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SharingBench {
  private static final int N = 1 << 20;

  @Param({"2", "4", "8"})
  public int bits;

  private float[] values;
  private final float[] decoded = new float[N];
  private final int[] bounds = {0, N};
  private WeightSharing codec;
  private byte[] payload;

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(7);
    values = new float[N];
    for (int i = 0; i < N; i++) {
      values[i] = (float) rng.nextGaussian();
    }
    codec = WeightSharing.of(bits);
    payload = encode();
  }

  @Benchmark
  public byte[] encode() {
    ByteWriter out = new ByteWriter((int) codec.payloadBytes(N, 1));
    codec.encode(values, 0, N, bounds, null, out);
    return out.array();
  }

  @Benchmark
  public float[] decode() {
    codec.decode(new ByteReader(payload), decoded, 0, N, bounds);
    return decoded;
  }
}
