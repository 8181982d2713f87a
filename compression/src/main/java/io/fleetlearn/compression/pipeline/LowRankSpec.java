package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.tensor.Ratio;

/**
 * How much of each matrix a {@code LowRank} stage keeps: a fixed rank ({@code LowRank(8)}) or the
 * smallest rank that retains a share of the energy ({@code LowRank(90%)}).
 *
 * @param rank the rank to keep, or 0 when {@code energy} decides
 * @param energy the share of squared singular values to retain, or null when {@code rank} decides
 */
public record LowRankSpec(int rank, Ratio energy) {
  public LowRankSpec {
    if ((rank > 0) == (energy != null)) {
      throw new IllegalArgumentException("LowRank takes either a rank >= 1 or an energy share");
    }
    if (energy != null && energy.ppm() == 0) {
      throw new IllegalArgumentException("LowRank energy (0%) must be above 0");
    }
  }

  public static LowRankSpec ofRank(int rank) {
    return new LowRankSpec(rank, null);
  }

  public static LowRankSpec ofEnergy(Ratio energy) {
    return new LowRankSpec(0, energy);
  }

  @Override
  public String toString() {
    return "LowRank(" + (energy == null ? Integer.toString(rank) : energy.toString()) + ")";
  }
}
