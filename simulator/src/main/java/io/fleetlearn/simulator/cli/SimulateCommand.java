package io.fleetlearn.simulator.cli;

import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.simulator.fleet.FleetFile;
import io.fleetlearn.simulator.report.Reports;
import io.fleetlearn.simulator.run.Outcome;
import io.fleetlearn.simulator.run.PeakMemory;
import io.fleetlearn.simulator.run.Settings;
import io.fleetlearn.simulator.run.Simulation;
import io.fleetlearn.simulator.run.TransportKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a simulation and prints where its report is. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Runs the real coordinator (embedded broker) and a fleet of virtual devices running the"
            + " unchanged device client over real MQTT, trains, evaluates the global model on the"
            + " held-out test set after every round, and writes CSV, JSON, HTML and PNG reports.")
final class SimulateCommand implements Callable<Integer> {
  /** Most devices over real MQTT in one process (see docs/simulator.md, Scale). */
  static final int MAX_MQTT_DEVICES = 1000;

  @Option(
      names = "--fleet",
      description = "fleet file (YAML); default: the bundled ~20-device fleet")
  Path fleet;

  @Option(
      names = "--rounds",
      defaultValue = "10",
      description = "training rounds (${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--model", defaultValue = "cnn", description = "model spec (${DEFAULT-VALUE})")
  String model;

  @Option(
      names = "--strategy",
      defaultValue = "fedavg",
      description = "strategy (${DEFAULT-VALUE})")
  String strategy;

  @Option(
      names = "--fraction",
      defaultValue = "1.0",
      description = "share of devices per round (${DEFAULT-VALUE})")
  double fraction;

  @Option(
      names = "--quorum",
      defaultValue = "0.8",
      description = "share of updates that closes a round (${DEFAULT-VALUE})")
  double quorum;

  @Option(
      names = "--deadline",
      defaultValue = "60",
      description = "round deadline, seconds (${DEFAULT-VALUE})")
  int deadline;

  @Option(names = "--epochs", defaultValue = "5", description = "local epochs (${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "8",
      description = "local batch size (${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--lr",
      defaultValue = "0.1",
      description = "local learning rate (${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--upload", description = "upload pipeline (default: the upload preset)")
  String upload = Presets.UPLOAD;

  @Option(
      names = "--download",
      defaultValue = "auto",
      description = "download pipeline or auto (${DEFAULT-VALUE})")
  String download;

  @Option(names = "--no-sizing", description = "give every device the full-width model")
  boolean noSizing;

  @Option(
      names = "--alpha",
      defaultValue = "0.5",
      description = "Dirichlet alpha of the label split (${DEFAULT-VALUE})")
  double alpha;

  @Option(
      names = "--min-examples",
      defaultValue = "8",
      description = "fewest training examples per device (${DEFAULT-VALUE})")
  int minExamples;

  @Option(names = "--seed", defaultValue = "1", description = "seed (${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--data",
      description =
          "Fashion-MNIST folder (IDX gzip); default: "
              + "/usr/share/datasets/fashion-mnist if installed, else the bundled sample")
  Path data;

  @Option(
      names = "--full",
      description = "require the full Fashion-MNIST (fail if it is not installed)")
  boolean full;

  @Option(
      names = "--out",
      defaultValue = "simulator-runs",
      description = "folder for run folders (${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--transport",
      defaultValue = "mqtt",
      description =
          "mqtt (embedded HiveMQ, a Paho connection per device) or in-process (the same client and"
              + " coordinator on an in-process bus, for large fleets) (${DEFAULT-VALUE})")
  String transport;

  @Option(
      names = "--devices",
      description = "run N devices in the fleet file's mix instead of its counts")
  Integer devices;

  @Option(
      names = "--max-per-round",
      defaultValue = "0",
      description = "most devices selected per round, 0 for no limit (${DEFAULT-VALUE})")
  int maxPerRound;

  @Option(
      names = "--status-interval",
      description =
          "seconds between a device's status refreshes; default 2, or devices/50 above 100"
              + " devices")
  Double statusInterval;

  @Override
  public Integer call() throws Exception {
    Settings settings;
    FleetFile fleetFile;
    try {
      fleetFile = fleet == null ? FleetFile.bundled() : FleetFile.read(fleet);
      if (devices != null) {
        fleetFile = fleetFile.scaledTo(devices);
      }
      TransportKind kind = TransportKind.parse(transport);
      Settings.Scale scale =
          new Settings.Scale(
              kind,
              maxPerRound,
              Optional.ofNullable(statusInterval)
                  .map(sec -> Duration.ofMillis(Math.round(sec * 1000))));
      settings =
          new Settings(
              fleetFile,
              fleet == null ? "bundled default fleet" : fleet.toString(),
              Optional.ofNullable(data),
              full,
              alpha,
              minExamples,
              seed,
              new Settings.Training(
                  model,
                  strategy,
                  rounds,
                  fraction,
                  quorum,
                  deadline,
                  epochs,
                  batchSize,
                  learningRate,
                  upload,
                  download,
                  !noSizing),
              out,
              scale);
      // Validates the training settings before anything starts.
      new TrainingRequest(
          "check",
          model,
          strategy,
          java.util.Map.of(),
          rounds,
          fraction,
          1,
          1,
          quorum,
          deadline,
          epochs,
          batchSize,
          learningRate,
          io.fleetlearn.protocol.message.Optimizer.SGD,
          0,
          0,
          upload,
          download,
          !noSizing,
          0,
          100_000,
          0,
          seed);
      int size = fleetFile.members().size();
      if (kind == TransportKind.MQTT && size > MAX_MQTT_DEVICES) {
        throw new IllegalArgumentException(
            "the fleet has "
                + size
                + " devices; over real MQTT one process runs at most "
                + MAX_MQTT_DEVICES
                + " (docs/simulator.md, Scale); use --transport in-process");
      }
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("simulate: " + e.getMessage());
      System.err.println(
          "usage: simulate [--fleet FILE] [--rounds N] [--model SPEC] ... (see --help)");
      return 2;
    }
    Outcome o;
    try {
      o = new Simulation(settings, new ConsoleProgress(System.out)).run();
    } catch (FleetException | IllegalStateException | IllegalArgumentException | IOException e) {
      // Missing data, a bad data folder, a coordinator that did not start: say what, not a trace.
      System.err.println("simulate: " + e.getMessage());
      return 1;
    }
    Path report = Reports.write(o);
    System.out.printf(
        Locale.ROOT,
        "final accuracy %.1f%% after %d rounds (%s) in %.0f s%n",
        100 * o.finalAccuracy(),
        o.rounds().size() - 1,
        o.trainingState(),
        o.wallSeconds());
    System.out.printf(
        Locale.ROOT,
        "bytes up %s (uncompressed %s, %.0fx fewer); down %s (uncompressed %s, %.1fx fewer)%n",
        Reports.bytes(o.bytesUp()),
        Reports.bytes(o.denseBytesUp()),
        o.denseBytesUp() / (double) Math.max(1, o.bytesUp()),
        Reports.bytes(o.bytesDown()),
        Reports.bytes(o.denseBytesDown()),
        o.denseBytesDown() / (double) Math.max(1, o.bytesDown()));
    System.out.println("report: " + report.toAbsolutePath());
    PeakMemory.peakResidentBytes()
        .ifPresent(b -> System.out.println("peak resident memory: " + Reports.bytes(b)));
    return 0;
  }
}
