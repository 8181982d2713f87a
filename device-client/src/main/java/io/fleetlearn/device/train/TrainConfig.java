package io.fleetlearn.device.train;

import io.fleetlearn.protocol.message.Optimizer;

/**
 * How one round of local training runs.
 *
 * @param epochs passes over the local data, >= 1
 * @param batchSize examples per step, >= 1 (the last batch of an epoch may be smaller)
 * @param learningRate step size, > 0
 * @param optimizer SGD (no momentum) or Adam (DJL defaults β1 0.9, β2 0.999, ε 1e-8)
 * @param proximalMu FedProx μ (Li et al. 2020): adds μ/2·‖w − w₀‖² to the loss, keeping the local
 *     model near the round's start w₀; 0 disables it
 * @param l1 λ of an L1 penalty λ·‖w‖₁ pushing weights to zero (sparser deltas); 0 disables it
 * @param seed seeds the shuffling and the engine, so a round is reproducible
 */
public record TrainConfig(
    int epochs,
    int batchSize,
    double learningRate,
    Optimizer optimizer,
    double proximalMu,
    double l1,
    long seed) {
  public TrainConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs (" + epochs + ") must be >= 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate (" + learningRate + ") must be > 0");
    }
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must be given");
    }
    if (!(proximalMu >= 0) || Double.isInfinite(proximalMu)) {
      throw new IllegalArgumentException("proximalMu (" + proximalMu + ") must be >= 0");
    }
    if (!(l1 >= 0) || Double.isInfinite(l1)) {
      throw new IllegalArgumentException("l1 (" + l1 + ") must be >= 0");
    }
  }

  /** Plain local SGD: no proximal or L1 term. */
  public static TrainConfig sgd(int epochs, int batchSize, double learningRate, long seed) {
    return new TrainConfig(epochs, batchSize, learningRate, Optimizer.SGD, 0, 0, seed);
  }

  public TrainConfig withProximalMu(double mu) {
    return new TrainConfig(epochs, batchSize, learningRate, optimizer, mu, l1, seed);
  }

  public TrainConfig withL1(double lambda) {
    return new TrainConfig(epochs, batchSize, learningRate, optimizer, proximalMu, lambda, seed);
  }

  public TrainConfig withOptimizer(Optimizer o) {
    return new TrainConfig(epochs, batchSize, learningRate, o, proximalMu, l1, seed);
  }

  public TrainConfig withEpochs(int e) {
    return new TrainConfig(e, batchSize, learningRate, optimizer, proximalMu, l1, seed);
  }
}
