package io.fleetlearn.coordinator.strategy;

import io.fleetlearn.aggregation.async.FedBuffConfig;
import io.fleetlearn.aggregation.strategy.FedAvg;
import io.fleetlearn.aggregation.strategy.RoundAggregation;
import io.fleetlearn.aggregation.strategy.Strategy;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;

/** Opens a round's aggregation for a training's strategy, synchronous or FedBuff. */
public final class Aggregators {
  private Aggregators() {}

  /**
   * @param strategy the synchronous strategy, or null for FedBuff
   * @param fedBuff the FedBuff settings, or null for a synchronous strategy
   * @param round the round
   * @param version the round's model version
   * @param global the round's model
   * @param chain the model's layer chain (narrow variants)
   * @param selected devices asked to train (FedAvg's sample cap expects that many)
   */
  public static RoundAggregation begin(
      Strategy strategy,
      FedBuffConfig fedBuff,
      long round,
      long version,
      Model global,
      LayerChain chain,
      int selected) {
    if (fedBuff != null) {
      return new BufferedRound(fedBuff, version, global, chain);
    }
    return strategy instanceof FedAvg f
        ? f.beginTrain(round, global, chain, selected)
        : strategy.beginTrain(round, global, chain);
  }
}
