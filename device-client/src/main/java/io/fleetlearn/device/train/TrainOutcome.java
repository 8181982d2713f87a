package io.fleetlearn.device.train;

import io.fleetlearn.compression.tensor.Model;
import java.time.Duration;
import java.util.List;

/**
 * What a round of local training produced.
 *
 * @param delta trained − start, in the spec's layout at the round's width (what gets compressed and
 *     uploaded)
 * @param epochLoss mean softmax cross-entropy over the examples of each epoch, measured during the
 *     epoch (the proximal and L1 terms are not included, so losses compare across settings)
 * @param samples local examples per epoch (the weight FedAvg gives this update)
 * @param wallTime time of the whole round, engine setup and weight copies included
 */
public record TrainOutcome(Model delta, List<Double> epochLoss, int samples, Duration wallTime) {
  public TrainOutcome {
    epochLoss = List.copyOf(epochLoss);
  }

  /** Mean wall time per epoch. */
  public Duration perEpoch() {
    return wallTime.dividedBy(Math.max(1, epochLoss.size()));
  }
}
