package io.fleetlearn.aggregation.privacy;

import io.fleetlearn.aggregation.strategy.RoundAggregation;
import io.fleetlearn.aggregation.strategy.Strategy;
import io.fleetlearn.aggregation.strategy.TrainTask;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Federated averaging with user-level differential privacy, DP-FedAvg (McMahan, Ramage, Talwar and
 * Zhang 2018, "Learning Differentially Private Recurrent Language Models", the fixed-denominator
 * estimator f̃_f with uniform weights). Per round, with q = sampling probability, N = population, S
 * = clip norm, z = noise multiplier, η = server learning rate:
 *
 * <pre>{@code
 * sample:  each available device independently with probability q (Poisson sampling)
 * clip:    Δ̂_k = Δ_k · min(1, S / ‖Δ_k‖₂)
 * noise:   Δ̃ = (Σ_k Δ̂_k + N(0, (z·S)² I)) / (qN)
 * update:  global' = global + η · Δ̃
 * }</pre>
 *
 * <p>Adding or removing one device changes the clipped sum by at most S in L2 norm, and the
 * denominator qN does not depend on who took part, so each round is the sampled Gaussian mechanism
 * with noise multiplier z, accounted by {@link RdpAccountant} with sampling probability q. The
 * accountant assumes Poisson sampling, which is why {@link #configureTrain} draws each device
 * independently rather than a fixed-size sample; a device that is offline is sampled with
 * probability below q, which only helps it. The guarantee is about the released global models,
 * against anyone but the server, which sees the individual updates (central DP, trusted server).
 * {@link #privacySpent()} and {@link #history()} give (ε, δ) after each round.
 *
 * <p>A round is released (and accounted) even when no update was accepted: returning the global
 * model unchanged would tell that nobody took part, which is what the noise hides. Updates are
 * refused for the wrong round, a device that was not sampled (when this strategy sampled the
 * round), a repeated device, a narrow width variant (the clipped sum needs one layout), a layout
 * other than the global model's, and non-finite values.
 *
 * <p>Production hardening: the Gaussian noise here is floating-point {@link
 * RandomGenerator#nextGaussian()} output, and such samplers are known to leak through the low-order
 * bits of the result (Mironov 2012, "On Significance of the Least Significant Bits for Differential
 * Privacy"). Before relying on the guarantee, quantize the aggregate to a fixed-point grid and add
 * exactly sampled discrete Gaussian noise (Canonne, Kamath and Steinke 2020) from a cryptographic
 * source, in constant time; drive both the noise and the sampling from {@link
 * java.security.SecureRandom}. Cost per round: O(model) memory; per update, two passes over its
 * stored values (norm, then fold); at finish, one Gaussian per parameter.
 *
 * <p>Holds the accountant and the history across rounds, so it is mutable and not thread-safe.
 */
public final class DpFedAvg implements Strategy {
  private final DpSettings settings;
  private final RandomGenerator noise;
  private final RdpAccountant accountant;
  private final List<DpRoundReport> history = new ArrayList<>();
  private long sampledRound = Long.MIN_VALUE;
  private Set<String> sampled;

  /**
   * @param settings q, N, S, z, η and δ
   * @param noise the source of the Gaussian noise: in production seeded from {@link
   *     java.security.SecureRandom}, in tests a fixed seed
   */
  public DpFedAvg(DpSettings settings, RandomGenerator noise) {
    this.settings = settings;
    this.noise = noise;
    this.accountant = new RdpAccountant(settings.samplingProbability(), settings.noiseMultiplier());
  }

  /** The parameters this strategy runs with. */
  public DpSettings settings() {
    return settings;
  }

  /**
   * Samples each available device independently with probability q. The ids are sorted first so
   * that a seeded {@code rng} gives the same sample whatever order they come in; the sample may be
   * empty.
   */
  @Override
  public List<TrainTask> configureTrain(long round, List<String> available, RandomGenerator rng) {
    List<String> ids = new ArrayList<>(new HashSet<>(available));
    Collections.sort(ids);
    List<TrainTask> tasks = new ArrayList<>();
    Set<String> chosen = new HashSet<>();
    for (String id : ids) {
      if (rng.nextDouble() < settings.samplingProbability()) {
        tasks.add(new TrainTask(id, Map.of()));
        chosen.add(id);
      }
    }
    sampledRound = round;
    sampled = Set.copyOf(chosen);
    return tasks;
  }

  /** Evaluation has no privacy cost here (it releases no model), so every device may evaluate. */
  @Override
  public List<TrainTask> configureEvaluate(
      long round, List<String> available, RandomGenerator rng) {
    List<TrainTask> tasks = new ArrayList<>(available.size());
    for (String id : available) {
      tasks.add(new TrainTask(id, Map.of()));
    }
    return tasks;
  }

  /**
   * Opens a round; {@code chain} is ignored, as only full-width updates are taken. If {@link
   * #configureTrain} sampled this round, only the sampled devices' updates are taken.
   */
  @Override
  public RoundAggregation beginTrain(long round, Model global, LayerChain chain) {
    return new DpRound(this, round, global, round == sampledRound ? sampled : null);
  }

  /** The guarantee of every round released so far, at the settings' δ. */
  public PrivacySpent privacySpent() {
    return accountant.epsilon(settings.targetDelta());
  }

  /** One report per released round, oldest first. */
  public List<DpRoundReport> history() {
    return List.copyOf(history);
  }

  /** The most recent round's report; empty before the first round is released. */
  public Optional<DpRoundReport> lastRound() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }

  /** Draws the noise for one round's sum: z·S·N(0, 1) per coordinate, added in place. */
  void addNoise(double[] sum) {
    double sd = settings.noiseMultiplier() * settings.clipNorm();
    if (sd == 0) {
      return;
    }
    for (int p = 0; p < sum.length; p++) {
      sum[p] += sd * noise.nextGaussian();
    }
  }

  /** Accounts one released round and records its report. */
  DpRoundReport released(long round, int participants, int clipped, int refused) {
    accountant.step();
    DpRoundReport r = new DpRoundReport(round, participants, clipped, refused, privacySpent());
    history.add(r);
    return r;
  }
}
