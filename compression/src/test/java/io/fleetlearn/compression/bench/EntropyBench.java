package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.entropy.EntropyCodec;
import io.fleetlearn.compression.entropy.EntropyCodecs;
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
 * Entropy stage throughput on the {@link BenchBodies}: operations a second of compressing and
 * decompressing one 1M-value body (MB/s = ops/s x raw size). {@link #main} prints the ratios, which
 * are deterministic and need no JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EntropyBench {
  static final String[] CODECS = {"Deflate(1)", "Deflate", "Zstd(1)", "Zstd", "Zstd(19)"};

  @Param({"int8", "pruned50-int8", "top1pct-rice-4bit", "fp32"})
  public String body;

  @Param({"Deflate(1)", "Deflate", "Zstd(1)", "Zstd", "Zstd(19)"})
  public String codec;

  private byte[] raw;
  private byte[] packed;
  private EntropyCodec c;

  @Setup
  public void setup() {
    raw = BenchBodies.body(body);
    c = EntropyCodecs.parse(codec);
    packed = c.compress(raw, 0, raw.length);
  }

  @Benchmark
  public byte[] compress() {
    return c.compress(raw, 0, raw.length);
  }

  @Benchmark
  public byte[] decompress() {
    return c.decompress(packed, 0, packed.length, raw.length);
  }

  /** Prints compressed sizes and ratios (raw / compressed) for every body and codec. */
  public static void main(String[] args) {
    System.out.printf("%-18s %9s %-10s %9s %7s%n", "body", "raw", "codec", "packed", "ratio");
    for (String name : BenchBodies.NAMES) {
      byte[] raw = BenchBodies.body(name);
      for (String token : CODECS) {
        EntropyCodec c = EntropyCodecs.parse(token);
        int packed = c.compress(raw, 0, raw.length).length;
        System.out.printf(
            "%-18s %9d %-10s %9d %7.3f%n",
            name, raw.length, token, packed, raw.length / (double) packed);
      }
    }
  }
}
