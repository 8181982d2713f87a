package io.fleetlearn.aggregation.async;

import io.fleetlearn.aggregation.update.TrainResult;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Settings of {@link FedBuff}.
 *
 * @param bufferSize K, the number of accepted updates that make one new global version
 * @param serverLearningRate η, the step the server takes along the buffer's mean update
 * @param maxStaleness updates more versions behind than this are refused
 * @param staleness the damping {@code w(s)} of an update {@code s} versions behind
 * @param sampleWeight an update's weight in the mean before damping, by default its sample count; a
 *     result weighing 0 or less (or not finite) is refused
 */
public record FedBuffConfig(
    int bufferSize,
    double serverLearningRate,
    long maxStaleness,
    StalenessWeight staleness,
    ToDoubleFunction<TrainResult> sampleWeight) {

  public FedBuffConfig {
    Objects.requireNonNull(staleness, "staleness");
    Objects.requireNonNull(sampleWeight, "sampleWeight");
    if (bufferSize < 1) {
      throw new IllegalArgumentException("bufferSize (" + bufferSize + ") must be >= 1");
    }
    if (!(serverLearningRate > 0) || Double.isInfinite(serverLearningRate)) {
      throw new IllegalArgumentException(
          "serverLearningRate (" + serverLearningRate + ") must be finite and > 0");
    }
    if (maxStaleness < 0) {
      throw new IllegalArgumentException("maxStaleness (" + maxStaleness + ") must be >= 0");
    }
  }

  /**
   * Buffers of {@code bufferSize} updates, η = 1, damping {@code 1/sqrt(1+s)}, weights by sample
   * count: the paper's setting with a plain server step.
   */
  public static FedBuffConfig of(int bufferSize, long maxStaleness) {
    return new FedBuffConfig(
        bufferSize, 1.0, maxStaleness, StalenessWeight.inverseSqrt(), r -> (double) r.samples());
  }

  public FedBuffConfig withServerLearningRate(double eta) {
    return new FedBuffConfig(bufferSize, eta, maxStaleness, staleness, sampleWeight);
  }

  public FedBuffConfig withStaleness(StalenessWeight w) {
    return new FedBuffConfig(bufferSize, serverLearningRate, maxStaleness, w, sampleWeight);
  }

  public FedBuffConfig withSampleWeight(ToDoubleFunction<TrainResult> f) {
    return new FedBuffConfig(bufferSize, serverLearningRate, maxStaleness, staleness, f);
  }
}
