package io.fleetlearn.device.cli;

import ai.djl.engine.Engine;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.train.DjlRuntime;
import io.fleetlearn.device.train.LocalTrainer;
import io.fleetlearn.device.train.TrainConfig;
import io.fleetlearn.device.train.TrainOutcome;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code selftest}: proof that this build trains on this machine, with no broker and no config.
 * Loads the engine from the bundled natives (offline), builds the model, trains a few SGD steps on
 * one batch of the bundled sample and checks that the loss fell.
 */
@Command(
    name = "selftest",
    aliases = "train-once",
    mixinStandardHelpOptions = true,
    description =
        "Load the PyTorch engine offline, train a few steps on one batch of the bundled"
            + " Fashion-MNIST sample, print platform, engine and losses. Exit 1 if the loss does"
            + " not fall.")
final class SelftestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--spec",
      paramLabel = "SPEC",
      defaultValue = "mlp(784, 64, 10)",
      description = "Model spec, e.g. cnn or mlp(784, 64, 10) (default: ${DEFAULT-VALUE}).")
  String modelSpec;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "32",
      description = "Examples in the batch, 1..600 (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "3",
      description = "SGD steps on that batch, 2..100 (default: ${DEFAULT-VALUE}).")
  int steps;

  @Override
  public Integer call() throws Exception {
    ModelSpec model = parseSpec();
    if (batch < 1 || batch > 600) {
      throw new ParameterException(
          spec.commandLine(), "--batch (" + batch + ") must be in [1, 600]");
    }
    if (steps < 2 || steps > 100) {
      throw new ParameterException(
          spec.commandLine(), "--steps (" + steps + ") must be in [2, 100]");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String line : new BuildInfo().getVersion()) {
      out.println(line);
    }
    out.flush();
    Dataset data = BundledSample.train().slice(0, batch);
    long t0 = System.nanoTime();
    Engine engine = DjlRuntime.engine();
    long loaded = System.nanoTime();
    out.printf(
        Locale.ROOT,
        "engine: %s %s (DJL %s), loaded in %d ms%n",
        engine.getEngineName(),
        engine.getVersion(),
        Engine.getDjlVersion(),
        (loaded - t0) / 1_000_000);
    out.flush();
    Ratio full = Ratio.of(1);
    Model start = model.initialize(1);
    TrainOutcome o;
    // An epoch over one batch is one optimizer step.
    TrainConfig cfg = TrainConfig.sgd(steps, batch, 0.1, 7);
    try (LocalTrainer trainer = new LocalTrainer()) {
      o = trainer.train(model, full, start, data, cfg);
    }
    List<Double> loss = o.epochLoss();
    out.printf(
        Locale.ROOT,
        "trained %s (%d parameters) on one batch of %d examples, %d steps in %d ms%n",
        model,
        model.parameterCount(full),
        batch,
        steps,
        o.wallTime().toMillis());
    out.println(
        "loss per step: "
            + loss.stream()
                .map(l -> String.format(Locale.ROOT, "%.4f", l))
                .collect(Collectors.joining(" -> ")));
    double first = loss.get(0);
    double last = loss.get(loss.size() - 1);
    if (!(Double.isFinite(last) && last < first)) {
      spec.commandLine().getErr().println("selftest FAILED: the loss did not fall");
      return DeviceCli.RUNTIME_FAILURE;
    }
    out.println("selftest ok");
    return DeviceCli.OK;
  }

  private ModelSpec parseSpec() {
    try {
      return ModelSpec.parse(modelSpec);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--spec: " + e.getMessage());
    }
  }
}
