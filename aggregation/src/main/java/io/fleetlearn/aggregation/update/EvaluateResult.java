package io.fleetlearn.aggregation.update;

import java.util.Map;
import java.util.Objects;

/**
 * One device's evaluation of a global model on its own held-out data.
 *
 * @param deviceId who evaluated
 * @param round the evaluation round
 * @param examples how many held-out examples the metrics cover (the weight in the average)
 * @param loss mean loss over those examples
 * @param metrics further metrics, such as {@code accuracy}
 */
public record EvaluateResult(
    String deviceId, long round, long examples, double loss, Map<String, Double> metrics) {
  public EvaluateResult {
    Objects.requireNonNull(deviceId, "deviceId");
    metrics = Map.copyOf(metrics);
    if (examples < 0) {
      throw new IllegalArgumentException("examples (" + examples + ") must be >= 0");
    }
  }
}
