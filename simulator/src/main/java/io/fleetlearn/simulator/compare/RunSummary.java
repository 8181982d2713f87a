package io.fleetlearn.simulator.compare;

import io.fleetlearn.simulator.run.Outcome;
import io.fleetlearn.simulator.run.RoundRecord;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The figures a comparison puts side by side for one run.
 *
 * @param name the variant's name
 * @param sameRunAs the variant whose run this is, when both had the same settings
 * @param outcome the run
 * @param target the accuracy {@link #roundsToTarget} and {@link #secondsToTarget} refer to
 */
public record RunSummary(String name, Optional<String> sameRunAs, Outcome outcome, double target) {

  public double finalAccuracy() {
    return outcome.finalAccuracy();
  }

  public long uploadBytes() {
    return outcome.bytesUp();
  }

  public long downloadBytes() {
    return outcome.bytesDown();
  }

  public long denseUploadBytes() {
    return outcome.denseBytesUp();
  }

  public long denseDownloadBytes() {
    return outcome.denseBytesDown();
  }

  public double wallSeconds() {
    return outcome.wallSeconds();
  }

  /** The first round whose global model reached the target accuracy, if one did. */
  public OptionalInt roundsToTarget() {
    return firstAtTarget().map(r -> OptionalInt.of((int) r.round())).orElse(OptionalInt.empty());
  }

  /** Seconds from the training's start to the close of that round. */
  public OptionalDouble secondsToTarget() {
    return firstAtTarget()
        .map(r -> OptionalDouble.of(r.elapsedSeconds()))
        .orElse(OptionalDouble.empty());
  }

  private Optional<RoundRecord> firstAtTarget() {
    return outcome.rounds().stream()
        .filter(r -> r.round() > 0 && r.accuracy() >= target)
        .findFirst();
  }
}
