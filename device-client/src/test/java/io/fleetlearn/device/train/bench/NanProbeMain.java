package io.fleetlearn.device.train.bench;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Presets;
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
import java.util.SplittableRandom;

/**
 * The NaN rounds of the CNN at width 0.25, end to end (not a unit test): a start model through the
 * download preset, then {@code runs} rounds of one SGD epoch (lr 0.1) in fresh trainers, each
 * printing whether the weight change is finite. Arguments: width, examples (a class-skewed pick),
 * runs, batch size, {@code preset|raw} start model, data directory (default: the bundled sample).
 * Compare a run with {@code -Dfleetlearn.onednn=true}; figures in docs/device-client.md.
 */
public final class NanProbeMain {
  private NanProbeMain() {}

  /** Runs the rounds and prints one line each. */
  public static void main(String[] args) throws Exception {
    Ratio width = Ratio.parse(args[0]);
    int n = Integer.parseInt(args[1]);
    int runs = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    boolean preset = !args[4].equals("raw");
    Path dir = Path.of(args.length > 5 ? args[5] : "src/main/resources/fashion-mnist-sample");
    ModelSpec spec = ModelSpec.parse("cnn");
    Dataset all =
        IdxReader.read(
            dir.resolve("train-images-idx3-ubyte.gz"),
            dir.resolve("train-labels-idx1-ubyte.gz"),
            10);
    // A skewed shard: examples picked with class-dependent probability.
    SplittableRandom r = new SplittableRandom(5);
    int[] idx = new int[n];
    int k = 0;
    for (int i = 0; i < all.size() && k < n; i++) {
      int c = all.labels()[i];
      if (r.nextDouble() < (c < 3 ? 0.9 : 0.08)) {
        idx[k++] = i;
      }
    }
    Dataset data = all.select(java.util.Arrays.copyOf(idx, k));
    Model full = spec.initialize(1);
    Model start;
    if (preset) {
      byte[] frame =
          Presets.download(width)
              .encodeFrame(
                  FrameMeta.model(1, "v"), full, EncodeContext.plain().withChain(spec.chain()));
      start = Frames.decode(frame, DecodeLimits.defaults()).model();
    } else {
      start = spec.plan(width).slice(full);
    }
    TrainConfig cfg = TrainConfig.sgd(1, batch, 0.1, 7);
    for (int i = 0; i < runs; i++) {
      try (LocalTrainer t = new LocalTrainer()) {
        TrainOutcome out = t.train(spec, width, start, data, cfg);
        System.out.printf(
            "run %d n=%d finite=%s loss=%s ms=%d%n",
            i, data.size(), finite(out.delta()), out.epochLoss(), out.wallTime().toMillis());
      }
    }
  }

  static boolean finite(Model m) {
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        if (!Float.isFinite(t.get(i))) {
          return false;
        }
      }
    }
    return true;
  }
}
