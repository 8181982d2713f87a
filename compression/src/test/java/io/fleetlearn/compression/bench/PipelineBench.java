package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.Frame;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode of every codec and pipeline, on a 1M-parameter update and on a real CNN's
 * weights. Throughput is in operations; {@link CompressionBench} turns it into MB/s of dense
 * float32 input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBench {
  /** Preset names, or pipeline names. */
  @Param({
    "upload",
    "download",
    "download-w50",
    "Fp32",
    "Fp16",
    "Int8",
    "Int8(sym, channel)",
    "Int4",
    "Int2",
    "Int4(stochastic)",
    "Ternary(0.7)",
    "KMeans(4)",
    "TopK(1%)",
    "ApproxTopK(1%)",
    "RandomK(1%)",
    "Prune(50%)",
    "LowRank(90%)",
    "TopK(1%) + Int8 + Bitmap",
    "TopK(1%) + Int8 + Varint",
    "TopK(1%) + Int8 + Rice",
    "TopK(1%) + Ternary + Rice",
    "Fp32 + Deflate",
    "Fp32 + Zstd",
    "Int8 + Deflate",
    "Int8 + Zstd"
  })
  public String pipeline;

  @Param({BenchInputs.UPDATE_1M, BenchInputs.CNN})
  public String input;

  private Model model;
  private Pipeline compiled;
  private EncodeContext ctx;
  private byte[] frame;
  private DecodeLimits limits;

  static Pipeline resolve(String name) {
    return name.equals("download-w50") ? Presets.download(Ratio.of(0.5)) : Presets.named(name);
  }

  @Setup(Level.Trial)
  public void setUp() {
    model = BenchInputs.load(input);
    compiled = resolve(pipeline);
    ctx =
        new EncodeContext(
            BenchInputs.chain(input),
            new ErrorFeedback(model.zerosLike()),
            new SplittableRandom(7));
    limits = DecodeLimits.defaults();
    frame = encode();
  }

  /** Whether this pipeline applies to this input (width slicing needs a layered model). */
  static boolean applies(String pipeline, String input) {
    return !(pipeline.equals("download-w50") && input.equals(BenchInputs.UPDATE_1M));
  }

  byte[] encode() {
    return compiled.encodeFrame(FrameMeta.update(1, 1, Map.of()), model, ctx);
  }

  @Benchmark
  public byte[] encodeFrame() {
    return encode();
  }

  @Benchmark
  public Frame decodeFrame() {
    return Frames.decode(frame, limits);
  }
}
