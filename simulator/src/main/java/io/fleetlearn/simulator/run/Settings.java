package io.fleetlearn.simulator.run;

import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.simulator.data.DataChoice;
import io.fleetlearn.simulator.fleet.FleetFile;
import io.fleetlearn.simulator.fleet.Trace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one simulation runs. Validated by the training request the coordinator builds from it, and
 * here for what only the simulator reads.
 *
 * @param fleet the fleet file
 * @param fleetSource where it came from, for the report
 * @param data which Fashion-MNIST
 * @param alpha the Dirichlet concentration of the label split
 * @param minPerDevice the fewest training examples a device gets
 * @param seed seeds the split, the links, selection and model initialization
 * @param trainingSlots how many devices train at the same time in this process (the devices' rounds
 *     run in parallel up to it; results do not depend on it, only wall time does)
 * @param training the training's settings
 * @param out the folder the run folder is made in
 * @param replay the trace replayed against the fleet, and how fast
 * @param keepOpen whether the coordinator stays up after the training until {@link
 *     Simulation#release()} (Ctrl-C on the command line)
 * @param scale how the fleet is run: transport, devices per round, status interval
 */
public record Settings(
    FleetFile fleet,
    String fleetSource,
    DataChoice data,
    double alpha,
    int minPerDevice,
    long seed,
    int trainingSlots,
    Training training,
    Path out,
    Replay replay,
    boolean keepOpen,
    Scale scale) {

  /**
   * How the fleet is run, for fleets from a few devices to many thousands.
   *
   * @param transport real MQTT or the in-process bus
   * @param maxPerRound most devices selected per round (after {@code fraction}), 0 for no limit
   * @param statusInterval how often each device refreshes its status; empty for {@link
   *     #statusInterval(int)}'s default
   */
  public record Scale(TransportKind transport, int maxPerRound, Optional<Duration> statusInterval) {
    /** Real MQTT, no limit per round, the default status interval. */
    public static final Scale DEFAULT = new Scale(TransportKind.MQTT, 0, Optional.empty());

    public Scale {
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(statusInterval, "statusInterval");
      if (maxPerRound < 0) {
        throw new IllegalArgumentException("--max-per-round (" + maxPerRound + ") must be >= 0");
      }
      statusInterval.ifPresent(
          d -> {
            if (d.toMillis() < 100) {
              throw new IllegalArgumentException(
                  "--status-interval (" + d.toMillis() / 1000.0 + " s) must be >= 0.1 s");
            }
          });
    }

    /**
     * The status interval for {@code devices}: the given one, else 2 s up to 100 devices and {@code
     * devices / 50} seconds beyond, so that about 50 statuses a second reach the coordinator (each
     * is a registry write; 10,000 devices every 2 s would be 5,000 a second).
     */
    public Duration statusInterval(int devices) {
      return statusInterval.orElseGet(
          () -> Duration.ofMillis(Math.max(2_000, devices * 1000L / 50)));
    }
  }

  /**
   * Settings without a trace, closing when the training ends, on real MQTT (default {@link Scale}).
   */
  public Settings(
      FleetFile fleet,
      String fleetSource,
      DataChoice data,
      double alpha,
      int minPerDevice,
      long seed,
      int trainingSlots,
      Training training,
      Path out) {
    this(
        fleet,
        fleetSource,
        data,
        alpha,
        minPerDevice,
        seed,
        trainingSlots,
        training,
        out,
        Replay.NONE,
        false,
        Scale.DEFAULT);
  }

  /**
   * A trace to replay.
   *
   * @param trace the events, checked against the fleet
   * @param source where it came from, for the report
   * @param speed trace seconds per second of the run, in (0, 1000000]
   */
  public record Replay(Trace trace, String source, double speed) {
    /** Nothing to replay. */
    public static final Replay NONE = new Replay(Trace.NONE, "none", 1);

    public Replay {
      Objects.requireNonNull(trace, "trace");
      Objects.requireNonNull(source, "source");
      if (!(speed > 0 && speed <= 1_000_000)) {
        throw new IllegalArgumentException("--trace-speed (" + speed + ") must be in (0, 1000000]");
      }
    }
  }

  /**
   * The training the coordinator runs (see {@link
   * io.fleetlearn.coordinator.fleet.TrainingRequest}).
   */
  public record Training(
      String spec,
      String strategy,
      int rounds,
      double fraction,
      double quorum,
      int deadlineSeconds,
      int epochs,
      int batchSize,
      double learningRate,
      Optimizer optimizer,
      String uploadPipeline,
      String downloadPipeline,
      boolean sizing) {

    /** The same training with other compression pipelines. */
    public Training withPipelines(String upload, String download) {
      return new Training(
          spec,
          strategy,
          rounds,
          fraction,
          quorum,
          deadlineSeconds,
          epochs,
          batchSize,
          learningRate,
          optimizer,
          upload,
          download,
          sizing);
    }

    /** The same training with another round deadline. */
    public Training withDeadline(int seconds) {
      return new Training(
          spec,
          strategy,
          rounds,
          fraction,
          quorum,
          seconds,
          epochs,
          batchSize,
          learningRate,
          optimizer,
          uploadPipeline,
          downloadPipeline,
          sizing);
    }

    /** The same training with sizing on or off. */
    public Training withSizing(boolean on) {
      return new Training(
          spec,
          strategy,
          rounds,
          fraction,
          quorum,
          deadlineSeconds,
          epochs,
          batchSize,
          learningRate,
          optimizer,
          uploadPipeline,
          downloadPipeline,
          on);
    }
  }

  /**
   * The training request the coordinator is sent for a fleet of {@code devices}; building it
   * validates the training settings (an {@link io.fleetlearn.coordinator.fleet.FleetException}
   * naming the field).
   */
  public TrainingRequest trainingRequest(String name, int devices) {
    Training t = training;
    int perRound = scale.maxPerRound();
    return new TrainingRequest(
        name,
        t.spec(),
        t.strategy(),
        Map.of(),
        t.rounds(),
        t.fraction(),
        1,
        perRound > 0 ? Math.min(perRound, devices) : devices,
        t.quorum(),
        t.deadlineSeconds(),
        t.epochs(),
        t.batchSize(),
        t.learningRate(),
        t.optimizer(),
        0,
        0,
        t.uploadPipeline(),
        t.downloadPipeline(),
        t.sizing(),
        0,
        100_000,
        0,
        seed);
  }

  /** The same simulation with another training. */
  public Settings withTraining(Training t) {
    return new Settings(
        fleet,
        fleetSource,
        data,
        alpha,
        minPerDevice,
        seed,
        trainingSlots,
        t,
        out,
        replay,
        keepOpen,
        scale);
  }

  /** The same simulation writing its run folder into another folder. */
  public Settings withOut(Path folder) {
    return new Settings(
        fleet,
        fleetSource,
        data,
        alpha,
        minPerDevice,
        seed,
        trainingSlots,
        training,
        folder,
        replay,
        keepOpen,
        scale);
  }

  public Settings {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(replay, "replay");
    Objects.requireNonNull(scale, "scale");
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("--alpha (" + alpha + ") must be finite and > 0");
    }
    if (trainingSlots < 1) {
      throw new IllegalArgumentException(
          "--parallel-training (" + trainingSlots + ") must be >= 1");
    }
    if (minPerDevice < 1) {
      throw new IllegalArgumentException("--min-examples (" + minPerDevice + ") must be >= 1");
    }
  }
}
