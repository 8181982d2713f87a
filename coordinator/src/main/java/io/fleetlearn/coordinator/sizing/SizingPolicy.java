package io.fleetlearn.coordinator.sizing;

import io.fleetlearn.compression.tensor.Ratio;
import java.util.List;

/**
 * The settings of one round's sizing.
 *
 * @param ladder the widths to choose from, widest first
 * @param batchSize local batch size
 * @param epochs local epochs
 * @param deadlineSeconds the round's deadline
 * @param enabled false gives every device the full model
 * @param assumedExamples the local data size assumed for a device that never trained
 */
public record SizingPolicy(
    List<Ratio> ladder,
    int batchSize,
    int epochs,
    double deadlineSeconds,
    boolean enabled,
    long assumedExamples) {

  /** 1, 0.75, 0.5, 0.25: coarse enough that few variants are published per round. */
  public static final List<Ratio> LADDER =
      List.of(Ratio.of(1.0), Ratio.of(0.75), Ratio.of(0.5), Ratio.of(0.25));

  public SizingPolicy {
    ladder = List.copyOf(ladder);
    if (ladder.isEmpty()) {
      throw new IllegalArgumentException("ladder must name at least one width");
    }
  }
}
