package io.fleetlearn.coordinator.strategy;

import io.fleetlearn.aggregation.async.FedBuffConfig;
import io.fleetlearn.aggregation.fedopt.FedAdagrad;
import io.fleetlearn.aggregation.fedopt.FedAdam;
import io.fleetlearn.aggregation.fedopt.FedAvgM;
import io.fleetlearn.aggregation.fedopt.FedYogi;
import io.fleetlearn.aggregation.privacy.DpFedAvg;
import io.fleetlearn.aggregation.privacy.DpSettings;
import io.fleetlearn.aggregation.robust.CoordinateMedian;
import io.fleetlearn.aggregation.robust.Krum;
import io.fleetlearn.aggregation.robust.MultiKrum;
import io.fleetlearn.aggregation.robust.TrimmedMean;
import io.fleetlearn.aggregation.strategy.FedAvg;
import io.fleetlearn.aggregation.strategy.FedProx;
import io.fleetlearn.aggregation.strategy.SamplePolicy;
import io.fleetlearn.aggregation.strategy.Strategy;
import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Builds a training's {@link Strategy} by name from its request, mapping {@code strategyOptions} to
 * the strategy's parameters. An option the strategy does not take, or a value out of its range, is
 * refused with {@link FleetException.Kind#INVALID} naming it.
 *
 * <pre>
 * fedavg, fedprox   serverLr (1); fedprox: mu (the request's proximalMu)
 * fedavgm           serverLr (1), momentum (0.9)
 * fedadam, fedyogi  serverLr (0.01), beta1 (0.9), beta2 (0.99), tau (0.001)
 * fedadagrad        serverLr (0.01), beta1 (0), tau (0.001)
 * median            (none)
 * trimmed-mean      trim (0.1)
 * krum              byzantine (1)
 * multi-krum        byzantine (1), keep (2)
 * dp-fedavg         clip (1), noise (1), serverLr (1), delta (1e-5), population (1000)
 * fedbuff           bufferSize (minDevices), serverLr (1), maxStaleness (4)
 * </pre>
 */
public final class StrategyFactory {
  private static final Map<String, Set<String>> OPTIONS =
      Map.ofEntries(
          Map.entry("fedavg", Set.of("serverLr")),
          Map.entry("fedprox", Set.of("serverLr", "mu")),
          Map.entry("fedavgm", Set.of("serverLr", "momentum")),
          Map.entry("fedadam", Set.of("serverLr", "beta1", "beta2", "tau")),
          Map.entry("fedyogi", Set.of("serverLr", "beta1", "beta2", "tau")),
          Map.entry("fedadagrad", Set.of("serverLr", "beta1", "tau")),
          Map.entry("median", Set.of()),
          Map.entry("trimmed-mean", Set.of("trim")),
          Map.entry("krum", Set.of("byzantine")),
          Map.entry("multi-krum", Set.of("byzantine", "keep")),
          Map.entry("dp-fedavg", Set.of("clip", "noise", "serverLr", "delta", "population")),
          Map.entry("fedbuff", Set.of("bufferSize", "serverLr", "maxStaleness")));

  /** Strategies that aggregate full-width updates only: their devices are not sized down. */
  public static final Set<String> FULL_WIDTH_ONLY =
      Set.of("median", "trimmed-mean", "krum", "multi-krum", "dp-fedavg");

  private StrategyFactory() {}

  /** Refuses unknown option names and out-of-range values; builds nothing. */
  public static void validate(TrainingRequest r) {
    if (r.asynchronous()) {
      fedBuff(r);
    } else {
      build(r);
    }
  }

  /** The synchronous strategy of a training (not {@code fedbuff}). */
  public static Strategy build(TrainingRequest r) {
    Map<String, Double> o = checkedOptions(r);
    try {
      FedAvg base =
          FedAvg.builder()
              .optFraction(r.fraction())
              .optMinDevices(r.minDevices())
              .optMaxDevices(r.maxDevices())
              .optEpochs(r.epochs())
              .optLearningRate(r.learningRate())
              .optSamplePolicy(SamplePolicy.absolute(r.maxSamplesPerUpdate()))
              .optServerLr(o.getOrDefault("serverLr", 1.0))
              .build();
      double lr = o.getOrDefault("serverLr", 0.01);
      return switch (r.strategy()) {
        case "fedavg" -> base;
        case "fedprox" -> new FedProx(base, o.getOrDefault("mu", r.proximalMu()));
        case "fedavgm" ->
            new FedAvgM(base, o.getOrDefault("serverLr", 1.0), o.getOrDefault("momentum", 0.9));
        case "fedadam" ->
            new FedAdam(
                base,
                lr,
                o.getOrDefault("beta1", 0.9),
                o.getOrDefault("beta2", 0.99),
                o.getOrDefault("tau", 1e-3));
        case "fedyogi" ->
            new FedYogi(
                base,
                lr,
                o.getOrDefault("beta1", 0.9),
                o.getOrDefault("beta2", 0.99),
                o.getOrDefault("tau", 1e-3));
        case "fedadagrad" ->
            new FedAdagrad(base, lr, o.getOrDefault("beta1", 0.0), o.getOrDefault("tau", 1e-3));
        case "median" -> new CoordinateMedian(r.fraction(), r.minDevices());
        case "trimmed-mean" ->
            new TrimmedMean(o.getOrDefault("trim", 0.1), r.fraction(), r.minDevices());
        case "krum" -> new Krum(integer(o, "byzantine", 1), r.fraction(), r.minDevices());
        case "multi-krum" ->
            new MultiKrum(
                integer(o, "byzantine", 1), integer(o, "keep", 2), r.fraction(), r.minDevices());
        case "dp-fedavg" ->
            new DpFedAvg(
                new DpSettings(
                    r.fraction(),
                    (long) Math.max(1, o.getOrDefault("population", 1000.0)),
                    o.getOrDefault("clip", 1.0),
                    o.getOrDefault("noise", 1.0),
                    o.getOrDefault("serverLr", 1.0),
                    o.getOrDefault("delta", 1e-5)),
                // Noise must not be predictable by a device; the request's seed is not used here.
                new SplittableRandom(new SecureRandom().nextLong()));
        default ->
            throw FleetException.invalid(
                "strategy '" + r.strategy() + "' is not synchronous; use the fedbuff settings");
      };
    } catch (IllegalArgumentException e) {
      throw FleetException.invalid("strategyOptions: " + e.getMessage());
    }
  }

  /** The settings of a {@code fedbuff} training. */
  public static FedBuffConfig fedBuff(TrainingRequest r) {
    Map<String, Double> o = checkedOptions(r);
    try {
      return FedBuffConfig.of(
              integer(o, "bufferSize", r.minDevices()), integer(o, "maxStaleness", 4))
          .withServerLearningRate(o.getOrDefault("serverLr", 1.0));
    } catch (IllegalArgumentException e) {
      throw FleetException.invalid("strategyOptions: " + e.getMessage());
    }
  }

  private static Map<String, Double> checkedOptions(TrainingRequest r) {
    Set<String> known = OPTIONS.getOrDefault(r.strategy(), Set.of());
    for (String name : r.strategyOptions().keySet()) {
      if (!known.contains(name)) {
        throw FleetException.invalid(
            "strategyOptions."
                + name
                + " is not an option of "
                + r.strategy()
                + "; it takes "
                + (known.isEmpty() ? "none" : new TreeSet<>(known)));
      }
    }
    return r.strategyOptions();
  }

  private static int integer(Map<String, Double> o, String name, int fallback) {
    double v = o.getOrDefault(name, (double) fallback);
    if (v != Math.rint(v) || v < 0 || v > 1_000_000) {
      throw FleetException.invalid(
          "strategyOptions." + name + " (" + v + ") must be a whole number in [0, 1000000]");
    }
    return (int) v;
  }
}
