package io.fleetlearn.aggregation.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

class RdpAccountantProperties {

  @Property(tries = 60)
  void epsilonGrowsWithSteps(
      @ForAll @Scale(4) @DoubleRange(min = 0.001, max = 0.5) double q,
      @ForAll @DoubleRange(min = 0.5, max = 5) double sigma,
      @ForAll @IntRange(min = 1, max = 5000) int steps) {
    RdpAccountant fewer = new RdpAccountant(q, sigma);
    RdpAccountant more = new RdpAccountant(q, sigma);
    fewer.steps(steps);
    more.steps(steps + 100L);

    assertThat(more.epsilon(1e-5).epsilon()).isGreaterThan(fewer.epsilon(1e-5).epsilon());
  }

  @Property(tries = 60)
  void epsilonFallsWithNoise(
      @ForAll @Scale(4) @DoubleRange(min = 0.001, max = 0.5) double q,
      @ForAll @DoubleRange(min = 0.5, max = 5) double sigma,
      @ForAll @IntRange(min = 1, max = 5000) int steps) {
    RdpAccountant less = new RdpAccountant(q, sigma);
    RdpAccountant noisier = new RdpAccountant(q, sigma * 1.2);
    less.steps(steps);
    noisier.steps(steps);

    assertThat(noisier.epsilon(1e-5).epsilon()).isLessThan(less.epsilon(1e-5).epsilon());
  }

  @Property(tries = 60)
  void rdpGrowsWithSamplingProbabilityAndIsBelowTheUnsampledMechanism(
      @ForAll @Scale(4) @DoubleRange(min = 0.001, max = 0.9) double q,
      @ForAll @DoubleRange(min = 0.3, max = 5) double sigma,
      @ForAll @IntRange(min = 2, max = 64) int alpha) {
    double r = RdpAccountant.sampledGaussianRdp(q, sigma, alpha);

    assertThat(r).isGreaterThan(0);
    assertThat(r).isLessThanOrEqualTo(RdpAccountant.sampledGaussianRdp(q * 1.1, sigma, alpha));
    assertThat(r).isLessThanOrEqualTo(alpha / (2 * sigma * sigma) * (1 + 1e-12));
  }

  @Property(tries = 60)
  void balleConversionIsNeverLooserThanClassic(
      @ForAll @Scale(4) @DoubleRange(min = 0.001, max = 1) double q,
      @ForAll @DoubleRange(min = 0.5, max = 5) double sigma,
      @ForAll @IntRange(min = 1, max = 5000) int steps) {
    RdpAccountant acc = new RdpAccountant(q, sigma);
    acc.steps(steps);

    assertThat(acc.epsilon(1e-5).epsilon()).isLessThan(acc.epsilonClassic(1e-5).epsilon());
  }
}
