package io.fleetlearn.aggregation.privacy;

/**
 * The parameters of {@link DpFedAvg}.
 *
 * @param samplingProbability q: each available device takes part in a round independently with this
 *     probability, in (0, 1]
 * @param population N: the number of devices in the federation, so that qN is the expected number
 *     of participants (the fixed denominator); at least 1
 * @param clipNorm S: every update is scaled down to L2 norm at most S, the sensitivity; > 0
 * @param noiseMultiplier z: the noise per coordinate has standard deviation z·S; ≥ 0 (0 gives no
 *     privacy, for tests and baselines)
 * @param serverLearningRate η: the new global model is {@code global + η × noisy average}; > 0
 * @param targetDelta δ at which the spent ε is reported after each round, in (0, 1); commonly below
 *     1/N
 */
public record DpSettings(
    double samplingProbability,
    long population,
    double clipNorm,
    double noiseMultiplier,
    double serverLearningRate,
    double targetDelta) {

  public DpSettings {
    if (!(samplingProbability > 0 && samplingProbability <= 1)) {
      throw new IllegalArgumentException(
          "sampling probability (" + samplingProbability + ") must be in (0, 1]");
    }
    if (population < 1) {
      throw new IllegalArgumentException("population (" + population + ") must be >= 1");
    }
    requirePositive(clipNorm, "clip norm");
    if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
      throw new IllegalArgumentException(
          "noise multiplier (" + noiseMultiplier + ") must be finite and >= 0");
    }
    requirePositive(serverLearningRate, "server learning rate");
    if (!(targetDelta > 0 && targetDelta < 1)) {
      throw new IllegalArgumentException("target delta (" + targetDelta + ") must be in (0, 1)");
    }
  }

  /** qN, the expected number of participants and the aggregate's denominator. */
  public double expectedParticipants() {
    return samplingProbability * population;
  }

  private static void requirePositive(double v, String what) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " (" + v + ") must be finite and > 0");
    }
  }
}
