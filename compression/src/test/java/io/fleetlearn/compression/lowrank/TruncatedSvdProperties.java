package io.fleetlearn.compression.lowrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TruncatedSvdProperties {

  @Property(tries = 200)
  void reportedErrorEqualsMeasuredError(
      @ForAll @IntRange(min = 1, max = 12) int rows,
      @ForAll @IntRange(min = 1, max = 12) int cols,
      @ForAll @IntRange(min = 1, max = 12) int rank,
      @ForAll long seed) {
    float[] a = TruncatedSvdTest.gaussian(rows * cols, seed);
    LowRankFactors f = TruncatedSvd.byRank(a, 0, rows, cols, rank);
    assertThat(f.rank()).isEqualTo(Math.min(rank, Math.min(rows, cols)));
    assertThat(f.relativeError()).isBetween(0.0, 1.0);
    assertThat(f.relativeError()).isCloseTo(TruncatedSvdTest.measuredError(a, 0, f), within(1e-5));
  }

  @Property(tries = 100)
  void byEnergyRetainsAtLeastTheEnergyAsked(
      @ForAll @IntRange(min = 1, max = 10) int rows,
      @ForAll @IntRange(min = 1, max = 10) int cols,
      @ForAll @IntRange(min = 1, max = 1000) int permille,
      @ForAll long seed) {
    float[] a = TruncatedSvdTest.gaussian(rows * cols, seed);
    double energy = permille / 1000.0;
    LowRankFactors f = TruncatedSvd.byEnergy(a, 0, rows, cols, energy);
    assertThat(1 - f.relativeError() * f.relativeError()).isGreaterThanOrEqualTo(energy - 1e-12);
    double[] s = TruncatedSvd.singularValues(a, 0, rows, cols);
    assertThat(f.rank()).isEqualTo(TruncatedSvd.rankFor(s, energy));
  }
}
