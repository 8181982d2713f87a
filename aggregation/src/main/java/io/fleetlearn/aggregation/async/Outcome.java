package io.fleetlearn.aggregation.async;

import io.fleetlearn.aggregation.update.Verdict;
import java.util.Objects;
import java.util.Optional;

/**
 * What offering one update to an asynchronous aggregator did.
 *
 * @param verdict whether the update was taken, with what weight, or why not
 * @param published the new global model when this update filled the buffer; empty otherwise (always
 *     empty for a refused update)
 */
public record Outcome(Verdict verdict, Optional<GlobalModel> published) {
  public Outcome {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(published, "published");
    if (!verdict.accepted() && published.isPresent()) {
      throw new IllegalArgumentException("a refused update cannot publish a model");
    }
  }

  /** A refusal, publishing nothing. */
  public static Outcome refused(String reason) {
    return new Outcome(Verdict.refused(reason), Optional.empty());
  }
}
