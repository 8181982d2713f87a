package io.fleetlearn.simulator.run;

import java.nio.file.Path;
import java.util.List;

/**
 * What a simulation produced.
 *
 * @param runFolder where everything of this run is
 * @param dataSource which data was used
 * @param devices the fleet's size
 * @param fleetSummary devices per profile and link, for the report
 * @param settings what was run
 * @param rounds round 0 (the initial model) and every training round
 * @param wallSeconds from the coordinator's start to the last evaluation
 * @param trainingState how the training ended
 */
public record Outcome(
    Path runFolder,
    String dataSource,
    int devices,
    String fleetSummary,
    Settings settings,
    List<RoundRecord> rounds,
    double wallSeconds,
    String trainingState) {

  public Outcome {
    rounds = List.copyOf(rounds);
  }

  /** The accuracy after the last round. */
  public double finalAccuracy() {
    return rounds.isEmpty() ? Double.NaN : rounds.get(rounds.size() - 1).accuracy();
  }

  public long bytesUp() {
    return rounds.stream().mapToLong(RoundRecord::bytesUp).sum();
  }

  public long denseBytesUp() {
    return rounds.stream().mapToLong(RoundRecord::denseBytesUp).sum();
  }

  public long bytesDown() {
    return rounds.stream().mapToLong(RoundRecord::bytesDown).sum();
  }

  public long denseBytesDown() {
    return rounds.stream().mapToLong(RoundRecord::denseBytesDown).sum();
  }
}
