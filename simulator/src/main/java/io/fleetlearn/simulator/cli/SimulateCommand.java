package io.fleetlearn.simulator.cli;

import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.simulator.compare.Aspect;
import io.fleetlearn.simulator.compare.Comparison;
import io.fleetlearn.simulator.compare.ComparisonOutcome;
import io.fleetlearn.simulator.control.FleetControlException;
import io.fleetlearn.simulator.data.DataChoice;
import io.fleetlearn.simulator.fleet.FleetFile;
import io.fleetlearn.simulator.fleet.Shard;
import io.fleetlearn.simulator.fleet.Trace;
import io.fleetlearn.simulator.fleet.TraceException;
import io.fleetlearn.simulator.report.ComparisonReport;
import io.fleetlearn.simulator.report.Reports;
import io.fleetlearn.simulator.run.ForwardingProgress;
import io.fleetlearn.simulator.run.Outcome;
import io.fleetlearn.simulator.run.ProgressListener;
import io.fleetlearn.simulator.run.Remote;
import io.fleetlearn.simulator.run.Settings;
import io.fleetlearn.simulator.run.Simulation;
import io.fleetlearn.simulator.run.TransportKind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a simulation and prints where its report is. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Runs the real coordinator (embedded broker) and a fleet of virtual devices running the"
            + " unchanged device client over real MQTT, trains, evaluates the global model on the"
            + " held-out test set after every round, and writes CSV, JSON, HTML and PNG reports."
            + " With --coordinator it uses a coordinator and broker that run elsewhere instead,"
            + " and with --shard-count it runs one share of the fleet.")
final class SimulateCommand implements Callable<Integer> {
  /** Most devices over real MQTT in one process (see docs/simulator.md, Scale). */
  static final int MAX_MQTT_DEVICES = 1000;

  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Map<String, String> env;

  @Mixin RemoteOptions remoteOptions = new RemoteOptions();

  SimulateCommand() {
    this(System.out, System.err, System.getenv());
  }

  /** With other streams and environment (tests). */
  SimulateCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.stdout = out;
    this.stderr = err;
    this.env = env;
  }

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

  @Option(
      names = "--optimizer",
      defaultValue = "SGD",
      description = "local optimizer: ${COMPLETION-CANDIDATES} (${DEFAULT-VALUE})")
  Optimizer optimizer;

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

  @Option(
      names = "--parallel-training",
      description =
          "devices that train at the same time in this process (default: the number of cores);"
              + " results do not depend on it")
  int parallelTraining = Runtime.getRuntime().availableProcessors();

  @Option(names = "--seed", defaultValue = "1", description = "seed (${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--data",
      defaultValue = "auto",
      description =
          "auto (the full Fashion-MNIST from /usr/share/datasets/fashion-mnist if installed, else"
              + " the bundled sample), bundled, full, or a folder with the four IDX gzip files"
              + " (${DEFAULT-VALUE})")
  String data;

  @Option(names = "--full", description = "same as --data full: fail if it is not installed")
  boolean full;

  @Option(
      names = "--compare",
      description =
          "compression, sizing or all: run the same fleet, split and seed with compression off"
              + " and on (uncompressed/compressed) and/or at full width and sized"
              + " (full-width/sized), and write a side-by-side comparison report")
  String compare;

  @Option(
      names = "--sized-deadline",
      paramLabel = "S",
      description =
          "with --compare sizing|all: the sized run's round deadline in seconds (default: the"
              + " --deadline); the full-width run keeps --deadline, so the sized run can be asked"
              + " for shorter rounds than the weakest devices take at full width")
  Integer sizedDeadline;

  @Option(
      names = "--concurrent",
      description =
          "with --compare: run the variants at the same time, each with its own coordinator and"
              + " fleet (they share the CPU; emulated devices stay as slow as their profiles)")
  boolean concurrent;

  @Option(
      names = "--target",
      defaultValue = "0.85",
      description =
          "accuracy a comparison reports the rounds and seconds to reach (${DEFAULT-VALUE})")
  double target;

  @Option(
      names = "--out",
      defaultValue = "simulator-runs",
      description = "folder for run folders (${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--trace",
      description =
          "trace to replay (CSV, see docs/simulator.md); default: the fleet file's trace, if any")
  Path trace;

  @Option(
      names = "--trace-speed",
      defaultValue = "1",
      description =
          "trace seconds per second of the run, e.g. 1440 plays a day in a minute"
              + " (${DEFAULT-VALUE})")
  double traceSpeed;

  @Option(
      names = "--keep-open",
      description = "after the training, keep the coordinator (API, dashboard) up until Ctrl-C")
  boolean keepOpen;

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
    Optional<Remote> remote;
    Comparison comparison = null;
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
              full ? DataChoice.full() : DataChoice.parse(data),
              alpha,
              minExamples,
              seed,
              parallelTraining,
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
                  optimizer,
                  upload,
                  download,
                  !noSizing),
              out,
              replay(fleetFile),
              keepOpen,
              scale);
      // Validates the training settings before anything starts.
      settings.trainingRequest("check", 1);
      if (compare != null && keepOpen) {
        throw new IllegalArgumentException(
            "--keep-open keeps one coordinator up; it does not go with --compare (one per variant)");
      }
      int size = fleetFile.members().size();
      remote = remoteOptions.remote(env, size);
      // A shard's process carries only its own share of the fleet's connections.
      int here = remote.map(Remote::shard).orElse(Shard.WHOLE).size(size);
      if (kind == TransportKind.MQTT && here > MAX_MQTT_DEVICES) {
        throw new IllegalArgumentException(
            "this process would run "
                + here
                + " devices; over real MQTT one process runs at most "
                + MAX_MQTT_DEVICES
                + " (docs/simulator.md, Scale); use --transport in-process, or shards");
      }
      if (remote.isPresent() && keepOpen) {
        throw new IllegalArgumentException(
            "--keep-open keeps the coordinator this process starts up; with --coordinator that"
                + " one runs elsewhere already");
      }
      if (remote.isPresent() && kind != TransportKind.MQTT) {
        throw new IllegalArgumentException(
            "--transport in-process runs its own coordinator; it cannot be combined with"
                + " --coordinator");
      }
      if (compare != null) {
        if (remote.isPresent()) {
          throw new IllegalArgumentException(
              "--compare starts a coordinator per variant; it cannot be combined with"
                  + " --coordinator");
        }
        comparison =
            new Comparison(
                settings,
                Aspect.parse(compare),
                new Comparison.Options(
                    target,
                    sizedDeadline == null ? OptionalInt.empty() : OptionalInt.of(sizedDeadline),
                    concurrent));
      } else if (sizedDeadline != null || concurrent) {
        throw new IllegalArgumentException("--sized-deadline and --concurrent go with --compare");
      }
    } catch (IllegalArgumentException | FleetException | IOException e) {
      stderr.println("simulate: " + e.getMessage());
      stderr.println(
          "usage: simulate [--fleet FILE] [--rounds N] [--model SPEC] ... [--coordinator URL"
              + " --broker URI --device-password-file FILE [--shard-index I --shard-count N]]"
              + " (see --help)");
      return 2;
    }
    if (comparison != null) {
      return compare(comparison);
    }
    Outcome o;
    boolean[] reported = {false};
    // Set below; the listener needs it to stop a simulation kept open.
    Simulation[] simulation = {null};
    ConsoleProgress console = new ConsoleProgress(stdout);
    ProgressListener progress =
        new ForwardingProgress(console) {
          @Override
          public void keptOpen(Outcome outcome, String dashboard) {
            // Only now: a Ctrl-C during the training still ends the process at once.
            Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> stopKeptOpen(simulation[0]), "simulate-stop"));
            try {
              console.finished(outcome, Reports.write(outcome));
              reported[0] = true;
            } catch (IOException e) {
              stderr.println("simulate: cannot write the report: " + e.getMessage());
            }
            stdout.println("dashboard: " + dashboard + " (kept open; Ctrl-C stops it)");
            stdout.flush();
          }
        };
    try {
      simulation[0] =
          remote.isPresent()
              ? new Simulation(settings, progress, remote.get())
              : new Simulation(settings, progress);
      o = simulation[0].run();
    } catch (FleetControlException
        | FleetException
        | IllegalStateException
        | IllegalArgumentException
        | IOException e) {
      // Missing data, a bad data folder, a coordinator that did not start or answered badly: say
      // what, not a trace.
      stderr.println("simulate: " + e.getMessage());
      return 1;
    }
    if (remote.isPresent() && !remote.get().shard().lead()) {
      console.shardFinished(remote.get().shard(), o);
      return 0;
    }
    if (!reported[0]) {
      console.finished(o, Reports.write(o));
    }
    return 0;
  }

  /** Ctrl-C while kept open: let the simulation close the coordinator and fleet, then exit. */
  private void stopKeptOpen(Simulation simulation) {
    simulation.release();
    try {
      if (!simulation.awaitStopped(java.time.Duration.ofSeconds(60))) {
        stderr.println("simulate: the coordinator did not stop within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The trace to replay: --trace, else the fleet file's, else none. */
  private Settings.Replay replay(FleetFile fleetFile) throws IOException {
    Optional<Path> file = Optional.ofNullable(trace).or(() -> fleetFile.tracePath(fleet));
    if (file.isEmpty()) {
      return new Settings.Replay(Trace.NONE, "none", traceSpeed);
    }
    if (!java.nio.file.Files.isRegularFile(file.get())) {
      throw new TraceException("trace file " + file.get() + " does not exist or is not a file");
    }
    Trace t = Trace.read(file.get(), fleetFile.members());
    return new Settings.Replay(t, file.get().toString(), traceSpeed);
  }

  private int compare(Comparison comparison) throws IOException, InterruptedException {
    ComparisonOutcome c;
    try {
      c = comparison.run(v -> new ConsoleProgress(stdout, "[" + v.name() + "] "));
    } catch (FleetControlException
        | FleetException
        | IllegalStateException
        | IllegalArgumentException
        | IOException e) {
      stderr.println("simulate: " + e.getMessage());
      return 1;
    }
    Path report = ComparisonReport.write(c);
    c.runs().forEach(r -> stdout.println(ComparisonReport.line(r)));
    stdout.println("comparison report: " + report.toAbsolutePath());
    return 0;
  }
}
