package io.fleetlearn.device.train;

/**
 * Predictions for a set of examples.
 *
 * @param labels the most probable class of each example
 * @param probabilities class probabilities, row-major: example i is {@code [i * classes, (i + 1) *
 *     classes)}
 * @param classes classes per example
 * @param msPerExample forward time per example, averaged over the batches
 */
public record Predictions(int[] labels, float[] probabilities, int classes, double msPerExample) {
  public int size() {
    return labels.length;
  }

  /** Probability that example {@code i} is of class {@code c}. */
  public float probability(int i, int c) {
    return probabilities[i * classes + c];
  }
}
