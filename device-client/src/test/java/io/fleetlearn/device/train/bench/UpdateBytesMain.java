package io.fleetlearn.device.train.bench;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.data.IdxReader;
import io.fleetlearn.device.train.LocalTrainer;
import io.fleetlearn.device.train.TrainConfig;
import io.fleetlearn.device.train.TrainOutcome;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Update bytes per upload pipeline for a real round (not a unit test): trains the spec (default
 * CNN, full width) one epoch on the bundled 600-example sample, then encodes the update with each
 * pipeline and prints a Markdown table: frame bytes, ratio to the dense fp32 frame, the relative L2
 * error of what the coordinator decodes, and the encode time as a ratio to fp32's in the same run
 * (median of 7 encodes each).
 *
 * <p>Run from device-client like {@link TrainRoundMain}: {@code java -cp ... UpdateBytesMain [spec]
 * [width] [epochs]}.
 */
public final class UpdateBytesMain {
  private static final List<String> PIPELINES =
      List.of(
          "Fp32",
          "Fp32 + Zstd",
          "Fp16",
          "Fp16 + Zstd",
          "Int8",
          "Int8 + Zstd",
          "Int4 + Zstd",
          "TopK(10%) + Int8 + Rice + Zstd",
          "TopK(10%) + ErrorFeedback + Int8 + Rice + Zstd",
          "TopK(1%) + ErrorFeedback + Int8 + Rice + Zstd",
          Presets.UPLOAD,
          "TopK(1%) + ErrorFeedback + Int4 + Rice + Deflate",
          "LowRank(8) + Fp16 + Zstd");

  private UpdateBytesMain() {}

  /** Trains the round and prints the table. */
  public static void main(String[] args) throws Exception {
    ModelSpec spec = ModelSpec.parse(args.length > 0 ? args[0] : "cnn");
    Ratio width = Ratio.parse(args.length > 1 ? args[1] : "1");
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path dir = Path.of("src/main/resources/fashion-mnist-sample");
    Dataset train =
        IdxReader.read(
            dir.resolve("train-images-idx3-ubyte.gz"),
            dir.resolve("train-labels-idx1-ubyte.gz"),
            10);
    Model start = spec.plan(width).slice(spec.initialize(1));
    TrainOutcome round;
    try (LocalTrainer trainer = new LocalTrainer()) {
      round = trainer.train(spec, width, start, train, TrainConfig.sgd(epochs, 32, 0.05, 7));
    }
    Model delta = round.delta();
    FrameMeta meta = FrameMeta.update(1, 1, Map.of("device", "bench", "samples", "600"));
    System.out.printf(
        Locale.ROOT,
        "%s at width %s, %d parameters, %d epoch(s) on %d examples, loss %s%n%n",
        spec,
        width,
        spec.parameterCount(width),
        epochs,
        round.samples(),
        round.epochLoss());
    System.out.println(
        "| pipeline | frame bytes | vs dense fp32 | rel. L2 error | encode time vs Fp32 |");
    System.out.println("|---|---:|---:|---:|---:|");
    // One untimed pass over every pipeline: the first encodes of a JVM pay for the JIT.
    for (String name : PIPELINES) {
      Pipeline p = Pipeline.parse(name);
      ErrorFeedback ef = p.usesErrorFeedback() ? new ErrorFeedback(delta.zerosLike()) : null;
      p.encodeFrame(meta, delta, new EncodeContext(null, ef, new SplittableRandom(7)));
    }
    double baseBytes = 0;
    double baseNanos = 0;
    for (String name : PIPELINES) {
      Pipeline p = Pipeline.parse(name);
      long[] nanos = new long[7];
      byte[] frame = null;
      for (int i = 0; i < nanos.length; i++) {
        // A fresh residual each time: this is the first round's update.
        ErrorFeedback ef = p.usesErrorFeedback() ? new ErrorFeedback(delta.zerosLike()) : null;
        EncodeContext ctx = new EncodeContext(null, ef, new SplittableRandom(7));
        long t0 = System.nanoTime();
        frame = p.encodeFrame(meta, delta, ctx);
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      double median = nanos[nanos.length / 2];
      if (baseBytes == 0) {
        baseBytes = frame.length;
        baseNanos = median;
      }
      Model decoded = Frames.decode(frame, DecodeLimits.defaults()).model();
      System.out.printf(
          Locale.ROOT,
          "| `%s` | %,d | %.1f× | %.4f | %.2f |%n",
          p,
          frame.length,
          baseBytes / frame.length,
          relativeError(delta, decoded),
          median / baseNanos);
    }
  }

  private static double relativeError(Model truth, Model got) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < truth.size(); i++) {
      Tensor a = truth.tensor(i);
      Tensor b = got.tensor(i);
      for (int k = 0; k < a.size(); k++) {
        double d = (double) a.get(k) - b.get(k);
        diff += d * d;
        norm += (double) a.get(k) * a.get(k);
      }
    }
    return Math.sqrt(diff / norm);
  }
}
