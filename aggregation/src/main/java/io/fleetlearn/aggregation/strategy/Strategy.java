package io.fleetlearn.aggregation.strategy;

import io.fleetlearn.aggregation.update.EvaluateResult;
import io.fleetlearn.aggregation.update.Failure;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How a federated training is run, round by round (after Flower's {@code Strategy}): which devices
 * train and with what settings, and how their results become the next global model.
 *
 * <p>Aggregation streams: {@link #beginTrain} opens a {@link RoundAggregation} that folds each
 * update as it arrives (memory O(model) for the averaging strategies, whatever the number of
 * updates) and gives the next global model when the round closes. {@link #aggregateTrain} is the
 * batch form, for callers that hold every result.
 *
 * <p>Implementations are immutable, except for the server optimizer state of the {@code FedOpt}
 * family, which lives in the strategy across rounds and is exposed for persistence.
 */
public interface Strategy {

  /**
   * Chooses the devices of a training round and their settings.
   *
   * @param round the round number
   * @param available ids of the devices that are online and eligible, in no particular order
   * @param rng drives the sampling, so that a seeded run is reproducible
   * @return one task per selected device; empty when too few devices are available
   */
  List<TrainTask> configureTrain(long round, List<String> available, RandomGenerator rng);

  /**
   * Opens the aggregation of a training round.
   *
   * @param round the round number
   * @param global the global model the devices started from (not modified)
   * @param chain the model's layer chain, to place updates of narrower width variants; may be null
   *     when every device trains the full model
   */
  RoundAggregation beginTrain(long round, Model global, LayerChain chain);

  /**
   * Aggregates a round whose results are all at hand. Failures are data: a strategy may use them
   * (to refuse a round with too many) or ignore them. Empty when nothing could be aggregated.
   */
  default Optional<Model> aggregateTrain(
      long round,
      Model global,
      LayerChain chain,
      List<TrainResult> results,
      List<Failure> failures) {
    RoundAggregation agg = beginTrain(round, global, chain);
    for (TrainResult r : results) {
      agg.offer(r);
    }
    return agg.finish(failures);
  }

  /** Chooses the devices of an evaluation round; by default the same as for training. */
  default List<TrainTask> configureEvaluate(
      long round, List<String> available, RandomGenerator rng) {
    return configureTrain(round, available, rng);
  }

  /** Averages the devices' evaluations, weighted by their example counts. */
  default Optional<EvaluationSummary> aggregateEvaluate(
      long round, List<EvaluateResult> results, List<Failure> failures) {
    return EvaluationSummary.weighted(round, results, failures.size());
  }
}
