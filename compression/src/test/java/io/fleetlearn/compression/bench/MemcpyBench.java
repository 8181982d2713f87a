package io.fleetlearn.compression.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The baseline: copying a 1M-float array, the fastest any codec could possibly be. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MemcpyBench {
  static final int FLOATS = 1 << 20;
  private float[] src;
  private float[] dst;

  @Setup
  public void setUp() {
    src = new float[FLOATS];
    dst = new float[FLOATS];
    for (int i = 0; i < FLOATS; i++) {
      src[i] = i * 1e-3f;
    }
  }

  @Benchmark
  public float[] copy() {
    System.arraycopy(src, 0, dst, 0, FLOATS);
    return dst;
  }
}
