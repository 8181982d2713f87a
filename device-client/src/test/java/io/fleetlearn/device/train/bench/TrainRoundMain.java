package io.fleetlearn.device.train.bench;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.data.IdxReader;
import io.fleetlearn.device.train.LocalTrainer;
import io.fleetlearn.device.train.TrainConfig;
import io.fleetlearn.device.train.TrainOutcome;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One local training round in a fresh JVM, for measuring peak RSS with {@code /usr/bin/time -v}
 * (not a unit test). Arguments: spec text, epochs, optimizer (sgd|momentum|adam), width, FedProx
 * mu, L1 lambda, data directory holding the Fashion-MNIST IDX files. Prints per-epoch times and the
 * JVM's own VmHWM.
 *
 * <p>Run from device-client after {@code test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test}, with {@code
 * DJL_CACHE_DIR=target/djl-cache OMP_NUM_THREADS=1 MALLOC_ARENA_MAX=2 java -Xmx128m -cp
 * target/test-classes:target/classes:$(cat target/cp.txt) ...TrainRoundMain cnn 1 sgd}. Measured on
 * a shared 2-core x86-64 (figures in docs/device-client.md): peak RSS 220 MB for a CNN round of 600
 * examples and 1 epoch (243 MB for 5 epochs), 206 MB for an MLP 784-200-10; earlier, on a quieter
 * machine, 204 MB for the CNN.
 */
public final class TrainRoundMain {
  private TrainRoundMain() {}

  /** Runs the round and prints its figures. */
  public static void main(String[] args) throws Exception {
    ModelSpec spec = ModelSpec.parse(args.length > 0 ? args[0] : "cnn");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Optimizer opt = args.length > 2 && args[2].equals("adam") ? Optimizer.ADAM : Optimizer.SGD;
    Ratio width = Ratio.parse(args.length > 3 ? args[3] : "1");
    double mu = args.length > 4 ? Double.parseDouble(args[4]) : 0;
    double l1 = args.length > 5 ? Double.parseDouble(args[5]) : 0;
    Path dir = Path.of(args.length > 6 ? args[6] : "src/main/resources/fashion-mnist-sample");
    Dataset train =
        IdxReader.read(
            dir.resolve("train-images-idx3-ubyte.gz"),
            dir.resolve("train-labels-idx1-ubyte.gz"),
            10);
    Model start = spec.plan(width).slice(spec.initialize(1));
    TrainConfig cfg =
        TrainConfig.sgd(epochs, 32, opt == Optimizer.ADAM ? 1e-3 : 0.05, 7)
            .withOptimizer(opt)
            .withProximalMu(mu)
            .withL1(l1);
    try (LocalTrainer trainer = new LocalTrainer()) {
      TrainOutcome warm = trainer.train(spec, width, start, train.slice(0, 32), cfg.withEpochs(1));
      TrainOutcome out = trainer.train(spec, width, start, train, cfg);
      System.out.printf(
          "spec=%s width=%s opt=%s samples=%d epochs=%d firstRound=%dms round=%dms perEpoch=%dms"
              + " loss=%s%n",
          spec,
          width,
          opt,
          out.samples(),
          epochs,
          warm.wallTime().toMillis(),
          out.wallTime().toMillis(),
          out.perEpoch().toMillis(),
          out.epochLoss());
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM") || line.startsWith("VmRSS")) {
        System.out.println(line);
      }
    }
  }
}
