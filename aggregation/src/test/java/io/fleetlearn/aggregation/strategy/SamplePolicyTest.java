package io.fleetlearn.aggregation.strategy;

import static io.fleetlearn.aggregation.strategy.TestModels.flat;
import static io.fleetlearn.aggregation.strategy.TestModels.model;
import static io.fleetlearn.aggregation.strategy.TestModels.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.aggregation.update.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplePolicyTest {
  static final double[] HONEST = {0, 0, 0, 0, 0, 0, 0, 0};
  static final double[] LIE = {100, 100, 100, 100, 100, 100, 100, 100};

  /** Nine honest 500-sample devices with zero change and a liar, arriving at {@code liarAt}. */
  static double[] roundWithLiar(SamplePolicy policy, int liarAt, List<Verdict> verdicts) {
    FedAvg s = FedAvg.builder().optSamplePolicy(policy).build();
    FedAvgRound round = s.beginTrain(1, model(new double[8]), null, 10);
    for (int d = 0; d < 10; d++) {
      Verdict v =
          d == liarAt
              ? round.offer(result("liar", 1, 1_000_000_000L, LIE))
              : round.offer(result("d-" + d, 1, 500, HONEST));
      verdicts.add(v);
    }
    return flat(round.finish(List.of()).orElseThrow());
  }

  @Test
  void theAbsoluteCapBoundsTheLiarsWeight() {
    List<Verdict> verdicts = new ArrayList<>();
    double[] next = roundWithLiar(SamplePolicy.absolute(2_000), 4, verdicts);
    assertThat(verdicts.get(4).weight()).isEqualTo(2_000);
    // The average moves by at most cap / (cap + honest) of the lie.
    double bound = 100.0 * 2_000 / (2_000 + 9 * 500);
    assertThat(next[0]).isCloseTo(bound, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void theRelativeCapHoldsTheLiarToAShareOfTheExpectedTotalWhereverItArrives() {
    SamplePolicy policy = new SamplePolicy(1_000_000, 0.25, 500);
    for (int liarAt : new int[] {0, 5, 9}) {
      List<Verdict> verdicts = new ArrayList<>();
      double[] next = roundWithLiar(policy, liarAt, verdicts);
      double liarWeight = verdicts.get(liarAt).weight();
      // Expected total at most median 500 x 10 devices; a quarter of it is 1250.
      assertThat(liarWeight).isLessThanOrEqualTo(1250);
      assertThat(next[0]).isLessThanOrEqualTo((float) (100 * 1250.0 / (1250 + 9 * 500)));
      verdicts.stream()
          .filter(v -> v.weight() != liarWeight)
          .forEach(v -> assertThat(v.weight()).isEqualTo(500));
    }
  }

  @Test
  void honestHeterogeneousClaimsAreNotCapped() {
    SamplePolicy policy = new SamplePolicy(1_000_000, 0.5, 0);
    FedAvgRound round =
        FedAvg.builder()
            .optSamplePolicy(policy)
            .build()
            .beginTrain(1, model(new double[8]), null, 6);
    long[] claims = {300, 500, 800, 400, 1200, 600};
    for (int d = 0; d < claims.length; d++) {
      assertThat(round.offer(result("d-" + d, 1, claims[d], HONEST)).weight()).isEqualTo(claims[d]);
    }
  }

  @Test
  void weightIsTheClaimUnderBothCaps() {
    SamplePolicy p = new SamplePolicy(1000, 0.5, 0);
    assertThat(p.weight(400, 400, 4)).isEqualTo(400);
    assertThat(p.weight(5000, 400, 4)).isEqualTo(800);
    assertThat(p.weight(5000, 400, 1)).isEqualTo(400); // never below the median
    assertThat(p.weight(5000, 4000, 4)).isEqualTo(1000);
    assertThat(SamplePolicy.absolute(1000).weight(999_999, 1, 1)).isEqualTo(1000);
  }

  @Test
  void aClaimOfNoSamplesIsRefusedAndBadSettingsAreRejected() {
    assertThat(SamplePolicy.DEFAULT.refusal("d-9", 0)).get().asString().contains("d-9", "0");
    assertThat(SamplePolicy.DEFAULT.refusal("d-9", 1)).isEmpty();
    assertThatThrownBy(() -> new SamplePolicy(0, 0, 0)).hasMessageContaining("maxSamples");
    assertThatThrownBy(() -> new SamplePolicy(1, 1.5, 0))
        .hasMessageContaining("maxShareOfExpected");
    assertThatThrownBy(() -> new SamplePolicy(1, 0, -1)).hasMessageContaining("typicalSamples");
  }
}
