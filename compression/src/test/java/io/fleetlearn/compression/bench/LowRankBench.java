package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.lowrank.LowRankFactors;
import io.fleetlearn.compression.lowrank.TruncatedSvd;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Truncated SVD of Gaussian matrices (a flat spectrum, the slowest case for both methods): exact
 * (EJML full SVD) against randomized (Halko et al.) at rank 32 of 1024 x 1024, and the automatic
 * choice on a small 256 x 512 layer. Run with {@code -f 1 -wi 1 -i 2 -w 1s -r 1s}: one exact 1024
 * SVD takes seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LowRankBench {
  private float[] large;
  private float[] small;
  private final float[] out = new float[1024 * 1024];

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(42);
    large = new float[1024 * 1024];
    for (int i = 0; i < large.length; i++) {
      large[i] = (float) rng.nextGaussian();
    }
    small = new float[256 * 512];
    for (int i = 0; i < small.length; i++) {
      small[i] = (float) rng.nextGaussian();
    }
  }

  @Benchmark
  public LowRankFactors exact1024Rank32() {
    return TruncatedSvd.exact(large, 0, 1024, 1024, 32);
  }

  @Benchmark
  public LowRankFactors randomized1024Rank32() {
    return TruncatedSvd.randomized(large, 0, 1024, 1024, 32, new SplittableRandom(1));
  }

  @Benchmark
  public LowRankFactors auto256x512Rank16() {
    return TruncatedSvd.byRank(small, 0, 256, 512, 16);
  }

  @Benchmark
  public LowRankFactors exact256x512Rank16() {
    return TruncatedSvd.exact(small, 0, 256, 512, 16);
  }

  @Benchmark
  public float[] reconstruct1024Rank32(LowRankState s) {
    s.factors.reconstruct(out, 0);
    return out;
  }

  /** Factors to reconstruct, computed once. */
  @State(Scope.Benchmark)
  public static class LowRankState {
    LowRankFactors factors;

    @Setup
    public void setup() {
      float[] f = new float[1024 * 32];
      SplittableRandom rng = new SplittableRandom(3);
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) rng.nextGaussian();
      }
      factors = new LowRankFactors(1024, 1024, 32, f, f, Double.NaN);
    }
  }
}
