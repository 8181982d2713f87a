package io.fleetlearn.aggregation.async;

import io.fleetlearn.aggregation.update.TrainResult;

/**
 * A server that aggregates without rounds: updates arrive one at a time, each trained on some
 * earlier global version, and the aggregator publishes a new global version whenever its rule says
 * so. Unlike {@link io.fleetlearn.aggregation.strategy.RoundAggregation} there is no {@code
 * finish}: the model moves on as updates come in.
 */
public interface AsyncAggregator {

  /** The newest published global model (the initial one before any publication). */
  GlobalModel current();

  /**
   * Validates and folds one update. A refused update leaves the aggregator unchanged and says why;
   * an accepted one may complete a buffer, and then the outcome carries the new global model, which
   * is also what {@link #current()} returns from then on.
   */
  Outcome offer(TrainResult result);

  /** How many accepted updates wait in the buffer for the next publication. */
  int buffered();
}
