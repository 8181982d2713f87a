package io.fleetlearn.simulator.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What a comparison produced.
 *
 * @param folder where the comparison's reports and its runs' folders are
 * @param aspects what was compared
 * @param runs one summary per variant, in run order
 * @param target the accuracy the "to target" figures refer to
 */
public record ComparisonOutcome(
    Path folder, List<Aspect> aspects, List<RunSummary> runs, double target) {
  public ComparisonOutcome {
    aspects = List.copyOf(aspects);
    runs = List.copyOf(runs);
  }

  /** The run of a variant by name. */
  public RunSummary run(String name) {
    return runs.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no run named " + name));
  }
}
