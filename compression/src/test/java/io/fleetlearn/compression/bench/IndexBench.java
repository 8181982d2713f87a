package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.coding.IndexCodec;
import io.fleetlearn.compression.coding.IndexCoding;
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
 * Index codec decode speed over a 1M-position tensor at several densities (indices a second = ops/s
 * x count). {@link #main} prints each codec's exact size and the automatic choice.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IndexBench {
  static final int SIZE = 1 << 20;
  static final String[] DENSITIES = {"0.001", "0.01", "0.1", "0.5"};

  @Param({"0.001", "0.01", "0.1", "0.5"})
  public String density;

  @Param({"Bitmap", "Varint", "Rice"})
  public String codec;

  private IndexCodec c;
  private int count;
  private byte[] encoded;

  @Setup
  public void setup() {
    int[] idx = BenchBodies.randomSet(SIZE, Double.parseDouble(density), BenchBodies.SEED);
    count = idx.length;
    c = IndexCoding.parse(codec);
    ByteWriter out = new ByteWriter();
    c.write(idx, count, SIZE, out);
    encoded = out.toByteArray();
  }

  @Benchmark
  public int[] decode() {
    return c.read(new ByteReader(encoded), count, SIZE);
  }

  /** Prints size in bytes and bits an index for each codec and density. */
  public static void main(String[] args) {
    System.out.printf(
        "%-8s %8s %-7s %9s %10s %s%n", "density", "count", "codec", "bytes", "bits/idx", "");
    for (String d : DENSITIES) {
      int[] idx = BenchBodies.randomSet(SIZE, Double.parseDouble(d), BenchBodies.SEED);
      IndexCodec chosen = IndexCoding.choose(idx, idx.length, SIZE);
      for (IndexCodec c : IndexCoding.codecs()) {
        long bytes = c.bytes(idx, idx.length, SIZE);
        System.out.printf(
            "%-8s %8d %-7s %9d %10.2f %s%n",
            d, idx.length, c, bytes, 8.0 * bytes / idx.length, c.equals(chosen) ? "<- chosen" : "");
      }
    }
  }
}
