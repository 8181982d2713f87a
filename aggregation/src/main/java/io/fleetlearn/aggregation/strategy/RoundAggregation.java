package io.fleetlearn.aggregation.strategy;

import io.fleetlearn.aggregation.update.Failure;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.tensor.Model;
import java.util.List;
import java.util.Optional;

/**
 * One round's aggregation in progress. Not thread-safe: the coordinator offers updates from one
 * thread (an aggregator may use more internally).
 */
public interface RoundAggregation {

  /**
   * Validates and folds one update. A refused update (wrong layout, non-finite values, too stale, a
   * duplicate device) leaves the aggregate unchanged and says why.
   */
  Verdict offer(TrainResult result);

  /** How many updates were accepted so far. */
  int accepted();

  /**
   * Closes the round and returns the next global model; empty when no update was accepted (or when
   * the strategy refuses the round, for instance for too many failures).
   */
  Optional<Model> finish(List<Failure> failures);
}
