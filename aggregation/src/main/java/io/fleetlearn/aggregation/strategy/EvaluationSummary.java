package io.fleetlearn.aggregation.strategy;

import io.fleetlearn.aggregation.update.EvaluateResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A federated evaluation: the devices' losses and metrics averaged by their example counts.
 *
 * @param round the round
 * @param devices how many devices reported
 * @param failures how many did not
 * @param examples total examples evaluated
 * @param loss example-weighted mean loss
 * @param metrics example-weighted mean of each metric that every device reported
 */
public record EvaluationSummary(
    long round,
    int devices,
    int failures,
    long examples,
    double loss,
    Map<String, Double> metrics) {

  public EvaluationSummary {
    metrics = Map.copyOf(metrics);
  }

  /** Example-weighted means; empty when no device evaluated any example. */
  public static Optional<EvaluationSummary> weighted(
      long round, List<EvaluateResult> results, int failures) {
    long examples = 0;
    double loss = 0;
    Map<String, Double> sums = new TreeMap<>();
    Map<String, Integer> seen = new TreeMap<>();
    for (EvaluateResult r : results) {
      examples += r.examples();
      loss += r.loss() * r.examples();
      r.metrics()
          .forEach(
              (k, v) -> {
                sums.merge(k, v * r.examples(), Double::sum);
                seen.merge(k, 1, Integer::sum);
              });
    }
    if (examples == 0) {
      return Optional.empty();
    }
    Map<String, Double> means = new TreeMap<>();
    for (var e : sums.entrySet()) {
      if (seen.get(e.getKey()) == results.size()) {
        means.put(e.getKey(), e.getValue() / examples);
      }
    }
    return Optional.of(
        new EvaluationSummary(round, results.size(), failures, examples, loss / examples, means));
  }
}
