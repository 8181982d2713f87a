package io.fleetlearn.aggregation.strategy;

import java.util.Optional;

/**
 * How a device's claimed sample count becomes its weight in the average. Devices report their own
 * counts, so a count is a claim: a device claiming 10^9 samples among 500-sample devices would
 * otherwise set the model alone. The policy refuses a claim of no samples and caps the rest twice:
 *
 * <ol>
 *   <li><b>absolute</b>: at most {@code maxSamples}, whatever the round;
 *   <li><b>relative</b> (when {@code maxShareOfExpected > 0}): at most {@code max(median,
 *       maxShareOfExpected × E)}, where {@code E = median × n} is the round's expected total
 *       weight: {@code n} the number of devices selected for the round (or of claims so far, if
 *       more) and {@code median} the lower median of the claims so far (this one included) after
 *       the absolute cap, together with {@code typicalSamples} when it is set. A claim at the
 *       median is never cut, however small the share.
 * </ol>
 *
 * <p>Why the median: it is the weight of a typical device and a minority of liars cannot move it,
 * so a liar's weight is bounded by what a typical device's weight would be, times {@code share ×
 * n}. With share 1/2 no device weighs more than half of what the round would weigh if every device
 * claimed the typical count. Why streaming: the round folds each update as it arrives (memory
 * O(model)), so the cap uses the claims seen so far; the first claim of a round has only itself as
 * a median, which is what {@code typicalSamples} (e.g. the previous round's median, or the fleet's
 * enrolled dataset size) is for. Honest rounds are barely affected: a device is capped only if it
 * claims more than {@code share × n} times the median.
 *
 * @param maxSamples the absolute cap, at least 1
 * @param maxShareOfExpected the relative cap as a share of the expected total, in [0, 1]; 0 turns
 *     it off
 * @param typicalSamples a prior typical claim counted with the round's claims; 0 for none
 */
public record SamplePolicy(long maxSamples, double maxShareOfExpected, long typicalSamples) {

  /** One million samples, half the expected total, no prior. */
  public static final SamplePolicy DEFAULT = new SamplePolicy(1_000_000, 0.5, 0);

  public SamplePolicy {
    if (maxSamples < 1) {
      throw new IllegalArgumentException("maxSamples (" + maxSamples + ") must be >= 1");
    }
    if (!(maxShareOfExpected >= 0 && maxShareOfExpected <= 1)) {
      throw new IllegalArgumentException(
          "maxShareOfExpected (" + maxShareOfExpected + ") must be in [0, 1]; 0 turns it off");
    }
    if (typicalSamples < 0) {
      throw new IllegalArgumentException("typicalSamples (" + typicalSamples + ") must be >= 0");
    }
  }

  /** Only the absolute cap: plain FedAvg weights below it. */
  public static SamplePolicy absolute(long maxSamples) {
    return new SamplePolicy(maxSamples, 0, 0);
  }

  /** Empty when the claim is acceptable; otherwise why the update is refused. */
  public Optional<String> refusal(String deviceId, long claimed) {
    if (claimed <= 0) {
      return Optional.of(
          "update from "
              + deviceId
              + " claims "
              + claimed
              + " samples, at least 1 is needed to weigh it; update refused");
    }
    return Optional.empty();
  }

  /** The claim after the absolute cap: what enters the median. */
  public long absoluteCap(long claimed) {
    return Math.min(claimed, maxSamples);
  }

  /**
   * The weight of an acceptable claim.
   *
   * @param claimed the device's claim, at least 1
   * @param median the lower median of the round's capped claims so far (this one and the prior
   *     included)
   * @param devices the number of devices the expected total counts (those selected for the round)
   */
  public long weight(long claimed, long median, int devices) {
    long w = absoluteCap(claimed);
    if (maxShareOfExpected == 0) {
      return w;
    }
    double expected = (double) median * devices;
    long relative = Math.max(median, (long) Math.floor(maxShareOfExpected * expected));
    return Math.min(w, relative);
  }
}
