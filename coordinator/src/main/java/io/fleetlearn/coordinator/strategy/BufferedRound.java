package io.fleetlearn.coordinator.strategy;

import io.fleetlearn.aggregation.async.FedBuff;
import io.fleetlearn.aggregation.async.FedBuffConfig;
import io.fleetlearn.aggregation.async.GlobalModel;
import io.fleetlearn.aggregation.async.Outcome;
import io.fleetlearn.aggregation.strategy.RoundAggregation;
import io.fleetlearn.aggregation.update.Failure;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A round of an asynchronous ({@code fedbuff}) training: updates go into a {@link FedBuff} buffer,
 * each damped by its staleness (versions between the model it was trained on and the round's), and
 * the round closes as soon as the buffer publishes (K updates), or at its deadline, when the
 * updates buffered so far make the new version (a buffer of their number). Late updates of the
 * training's earlier rounds are taken, so slow devices still count, less.
 */
public final class BufferedRound implements RoundAggregation {
  private final FedBuffConfig config;
  private final GlobalModel start;
  private final LayerChain chain;
  private final FedBuff buffer;
  private final List<TrainResult> taken = new ArrayList<>();
  private GlobalModel published;

  /**
   * @param config K, η, the staleness bound and weights
   * @param version the round's model version (staleness is measured against it)
   * @param global the round's model
   * @param chain the model's layer chain, for narrow variants
   */
  public BufferedRound(FedBuffConfig config, long version, Model global, LayerChain chain) {
    this.config = config;
    this.start = new GlobalModel(version, global);
    this.chain = chain;
    this.buffer = new FedBuff(start, chain, config);
  }

  @Override
  public Verdict offer(TrainResult result) {
    if (published != null) {
      return Verdict.refused(
          "update from " + result.deviceId() + ": the buffer of this round is published");
    }
    Outcome o = buffer.offer(result);
    if (o.verdict().accepted()) {
      taken.add(result);
    }
    o.published().ifPresent(g -> published = g);
    return o.verdict();
  }

  @Override
  public int accepted() {
    return taken.size();
  }

  /** Whether K updates filled the buffer: the round may close. */
  public boolean full() {
    return published != null;
  }

  @Override
  public Optional<Model> finish(List<Failure> failures) {
    if (published != null) {
      return Optional.of(published.model());
    }
    if (taken.isEmpty()) {
      return Optional.empty();
    }
    // The deadline came first: the updates buffered so far make the new version.
    FedBuff flush =
        new FedBuff(
            start,
            chain,
            new FedBuffConfig(
                taken.size(),
                config.serverLearningRate(),
                config.maxStaleness(),
                config.staleness(),
                config.sampleWeight()));
    Optional<GlobalModel> last = Optional.empty();
    for (TrainResult r : taken) {
      last = flush.offer(r).published();
    }
    return last.map(GlobalModel::model);
  }
}
