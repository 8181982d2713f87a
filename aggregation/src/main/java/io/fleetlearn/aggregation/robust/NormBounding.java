package io.fleetlearn.aggregation.robust;

import io.fleetlearn.aggregation.strategy.EvaluationSummary;
import io.fleetlearn.aggregation.strategy.Strategy;
import io.fleetlearn.aggregation.strategy.TrainTask;
import io.fleetlearn.aggregation.update.EvaluateResult;
import io.fleetlearn.aggregation.update.Failure;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Norm bounding (Sun, Kairouz, Suresh, McMahan, "Can You Really Backdoor Federated Learning?",
 * 2019): each update is scaled by {@code min(1, C / ||Δ||₂)} before the inner strategy sees it, so
 * no single device moves the aggregate by more than C (weighted by the inner strategy's weight);
 * the inner strategy then aggregates as usual.
 *
 * <p>The scaling happens while the inner strategy visits the update (no scaled copy of the model is
 * made); an update within the bound is handed on untouched. The inner verdict is returned as it is
 * (its weight keeps the inner meaning); the applied scales and the number clipped are exposed by
 * {@link ClippingRound}. An update whose norm is not finite is refused here.
 *
 * <p>Cost: one extra pass over each update for its norm, O(kept values); memory one tensor of
 * scratch. Sampling and evaluation are the inner strategy's.
 */
public final class NormBounding implements Strategy {
  private final double bound;
  private final Strategy inner;

  /**
   * @param bound the largest L2 norm an update keeps, C > 0
   * @param inner the strategy that aggregates the bounded updates
   */
  public NormBounding(double bound, Strategy inner) {
    if (!(bound > 0) || Double.isInfinite(bound)) {
      throw new IllegalArgumentException("bound (" + bound + ") must be finite and > 0");
    }
    this.bound = bound;
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  /** The largest L2 norm an update keeps. */
  public double bound() {
    return bound;
  }

  /** The strategy that aggregates the bounded updates. */
  public Strategy inner() {
    return inner;
  }

  /** The inner strategy's choice. */
  @Override
  public List<TrainTask> configureTrain(long round, List<String> available, RandomGenerator rng) {
    return inner.configureTrain(round, available, rng);
  }

  /** Opens the inner strategy's round behind a clipping front. */
  @Override
  public ClippingRound beginTrain(long round, Model global, LayerChain chain) {
    return new ClippingRound(bound, inner.beginTrain(round, global, chain));
  }

  /** The inner strategy's choice. */
  @Override
  public List<TrainTask> configureEvaluate(
      long round, List<String> available, RandomGenerator rng) {
    return inner.configureEvaluate(round, available, rng);
  }

  /** The inner strategy's summary. */
  @Override
  public Optional<EvaluationSummary> aggregateEvaluate(
      long round, List<EvaluateResult> results, List<Failure> failures) {
    return inner.aggregateEvaluate(round, results, failures);
  }
}
