package io.fleetlearn.coordinator.fleet;

import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a training does: the model, the strategy, who takes part, how devices train and how models
 * and updates are compressed. The canonical constructor validates every field and names the field
 * in its message; {@link #defaults} gives a sensible starting point that the API overlays with the
 * fields a caller sends.
 *
 * @param name a label for people, 1 to 100 characters
 * @param spec the model family ({@link ModelSpec#parse}), e.g. {@code cnn}
 * @param strategy one of {@link #STRATEGIES}; {@code fedbuff} trains asynchronously
 * @param strategyOptions numeric options of the strategy by name (e.g. {@code mu}, {@code
 *     serverLr}, {@code trim}, {@code byzantine}, {@code clip}, {@code noise}, {@code bufferSize});
 *     unknown names are refused by the engine
 * @param rounds training rounds to run, in [1, 100000]
 * @param fraction share of eligible online devices selected per round, in (0, 1]
 * @param minDevices fewest devices a round starts with, in [1, 100000]
 * @param maxDevices most devices per round, in [minDevices, 100000]
 * @param quorum share of selected devices whose updates close the round before its deadline, (0, 1]
 * @param deadlineSeconds how long a round waits for updates, in [1, 86400]
 * @param epochs local epochs per task, in [1, 1000]
 * @param batchSize local batch size, in [1, 65536]
 * @param learningRate local learning rate, in (0, 10]
 * @param optimizer local optimizer
 * @param proximalMu FedProx's proximal weight sent to devices, in [0, 1e6]
 * @param l1 L1 penalty sent to devices, in [0, 1e6]
 * @param uploadPipeline how devices compress updates (a pipeline name)
 * @param downloadPipeline how models are compressed for download: a pipeline name, or {@code auto}
 *     to choose per variant from the links of the devices that get it
 * @param sizing whether each device gets the widest variant it can handle ({@code true}) or every
 *     device gets the full model
 * @param evaluateEvery run a federated evaluation round after every this many training rounds; 0
 *     for never
 * @param maxSamplesPerUpdate the largest sample count an update may claim (its weight), in [1, 1e9]
 * @param normBound the largest L2 norm an accepted update may have; 0 for no bound
 * @param seed seed for device selection and model initialization
 */
public record TrainingRequest(
    String name,
    String spec,
    String strategy,
    Map<String, Double> strategyOptions,
    int rounds,
    double fraction,
    int minDevices,
    int maxDevices,
    double quorum,
    int deadlineSeconds,
    int epochs,
    int batchSize,
    double learningRate,
    Optimizer optimizer,
    double proximalMu,
    double l1,
    String uploadPipeline,
    String downloadPipeline,
    boolean sizing,
    int evaluateEvery,
    int maxSamplesPerUpdate,
    double normBound,
    long seed) {

  /** Strategy names the engine knows. */
  public static final Set<String> STRATEGIES =
      Set.of(
          "fedavg",
          "fedprox",
          "fedavgm",
          "fedadam",
          "fedyogi",
          "fedadagrad",
          "median",
          "trimmed-mean",
          "krum",
          "multi-krum",
          "dp-fedavg",
          "fedbuff");

  /** {@link #downloadPipeline} value that picks a pipeline per variant. */
  public static final String AUTO = "auto";

  public TrainingRequest {
    if (name == null || name.isBlank() || name.length() > 100) {
      throw FleetException.invalid("name must be 1 to 100 characters");
    }
    try {
      ModelSpec.parse(Objects.requireNonNull(spec, "spec"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw FleetException.invalid("spec: " + e.getMessage());
    }
    if (strategy == null || !STRATEGIES.contains(strategy)) {
      throw FleetException.invalid(
          "strategy ('" + strategy + "') must be one of " + new java.util.TreeSet<>(STRATEGIES));
    }
    strategyOptions = Map.copyOf(Objects.requireNonNullElse(strategyOptions, Map.of()));
    if (strategyOptions.size() > 16) {
      throw FleetException.invalid("strategyOptions has more than 16 entries");
    }
    strategyOptions.forEach(
        (k, v) -> {
          if (k.length() > 40 || !Double.isFinite(v)) {
            throw FleetException.invalid("strategyOptions." + k + " (" + v + ") must be finite");
          }
        });
    range("rounds", rounds, 1, 100_000);
    if (!(fraction > 0 && fraction <= 1)) {
      throw FleetException.invalid("fraction (" + fraction + ") must be in (0, 1]");
    }
    range("minDevices", minDevices, 1, 100_000);
    range("maxDevices", maxDevices, minDevices, 100_000);
    if (!(quorum > 0 && quorum <= 1)) {
      throw FleetException.invalid("quorum (" + quorum + ") must be in (0, 1]");
    }
    range("deadlineSeconds", deadlineSeconds, 1, 86_400);
    range("epochs", epochs, 1, 1000);
    range("batchSize", batchSize, 1, 65_536);
    if (!(learningRate > 0 && learningRate <= 10)) {
      throw FleetException.invalid("learningRate (" + learningRate + ") must be in (0, 10]");
    }
    if (optimizer == null) {
      throw FleetException.invalid("optimizer must be sgd, momentum or adam");
    }
    if (!(proximalMu >= 0 && proximalMu <= 1e6)) {
      throw FleetException.invalid("proximalMu (" + proximalMu + ") must be in [0, 1e6]");
    }
    if (!(l1 >= 0 && l1 <= 1e6)) {
      throw FleetException.invalid("l1 (" + l1 + ") must be in [0, 1e6]");
    }
    pipeline("uploadPipeline", uploadPipeline);
    if (!AUTO.equals(downloadPipeline)) {
      pipeline("downloadPipeline", downloadPipeline);
    }
    range("evaluateEvery", evaluateEvery, 0, 100_000);
    range("maxSamplesPerUpdate", maxSamplesPerUpdate, 1, 1_000_000_000);
    if (!(normBound >= 0) || Double.isInfinite(normBound)) {
      throw FleetException.invalid("normBound (" + normBound + ") must be finite and >= 0");
    }
  }

  /** Ten rounds of FedAvg on the CNN with both presets and per-device sizing. */
  public static TrainingRequest defaults(String name) {
    return new TrainingRequest(
        name,
        "cnn",
        "fedavg",
        Map.of(),
        10,
        1.0,
        2,
        100,
        0.8,
        120,
        1,
        32,
        0.05,
        Optimizer.SGD,
        0,
        0,
        Presets.UPLOAD,
        AUTO,
        true,
        1,
        100_000,
        0,
        1);
  }

  /** Whether the strategy aggregates asynchronously (buffered, staleness-weighted). */
  public boolean asynchronous() {
    return strategy.equals("fedbuff");
  }

  private static void range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw FleetException.invalid(
          field + " (" + value + ") must be in [" + min + ", " + max + "]");
    }
  }

  private static void pipeline(String field, String value) {
    if (value == null || value.length() > 200) {
      throw FleetException.invalid(field + " must be a pipeline name of at most 200 characters");
    }
    try {
      Pipeline.parse(value);
    } catch (IllegalArgumentException e) {
      throw FleetException.invalid(field + ": " + e.getMessage());
    }
  }
}
