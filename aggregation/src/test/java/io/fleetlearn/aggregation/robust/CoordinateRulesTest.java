package io.fleetlearn.aggregation.robust;

import static io.fleetlearn.aggregation.robust.Fixtures.flat;
import static io.fleetlearn.aggregation.robust.Fixtures.model;
import static io.fleetlearn.aggregation.robust.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.compression.tensor.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coordinate median and trimmed mean on a hand-worked example of 5 updates of 3 parameters. */
class CoordinateRulesTest {
  static final Model GLOBAL = model(0.5f, 0.5f, 0.5f);

  // Per coordinate, sorted: {-50, 1, 2, 3, 100}, {-7, 0, 4, 10, 20}, {-3, 0, 1, 2, 5}.
  static final float[][] ROWS = {
    {1, 10, -3}, {2, 20, 5}, {3, -7, 0}, {100, 0, 1}, {-50, 4, 2},
  };
  static final List<TrainResult> FIVE =
      List.of(
          result("d1", 3, ROWS[0]),
          result("d2", 3, ROWS[1]),
          result("d3", 3, ROWS[2]),
          result("d4", 3, ROWS[3]),
          result("d5", 3, ROWS[4]));

  @Test
  void medianOfFiveUpdatesIsAddedToTheGlobalModel() {
    Model next = new CoordinateMedian(1, 1).aggregateTrain(3, GLOBAL, null, FIVE, List.of()).get();
    assertThat(flat(next)).containsExactly(2.5f, 4.5f, 1.5f);
    assertThat(next.names()).containsExactly("w", "b");
  }

  @Test
  void medianOfAnEvenCountAveragesTheTwoMiddleValues() {
    Model next =
        new CoordinateMedian(1, 1)
            .aggregateTrain(3, GLOBAL, null, FIVE.subList(0, 4), List.of())
            .get();
    // {1, 2, 3, 100} -> 2.5; {-7, 0, 10, 20} -> 5; {-3, 0, 1, 5} -> 0.5
    assertThat(flat(next)).containsExactly(3f, 5.5f, 1f);
  }

  @Test
  void trimmedMeanDropsTheLargestAndSmallestPerCoordinate() {
    Model next = new TrimmedMean(0.2, 1, 1).aggregateTrain(3, GLOBAL, null, FIVE, List.of()).get();
    // t = floor(0.2 × 5) = 1: {1, 2, 3} -> 2; {0, 4, 10} -> 14/3; {0, 1, 2} -> 1
    assertThat(flat(next)).containsExactly(2.5f, 0.5f + (float) (14.0 / 3), 1.5f);
  }

  @Test
  void trimmedMeanWithBetaZeroIsThePlainUnweightedMean() {
    Model next = new TrimmedMean(0, 1, 1).aggregateTrain(3, GLOBAL, null, FIVE, List.of()).get();
    float[] got = flat(next);
    for (int p = 0; p < 3; p++) {
      double sum = 0;
      for (float[] row : ROWS) {
        sum += row[p];
      }
      assertThat(got[p]).isEqualTo(0.5f + (float) (sum / ROWS.length));
    }
  }

  @Test
  void sampleCountsDoNotBuyInfluence() {
    List<TrainResult> liar =
        List.of(
            FIVE.get(0),
            FIVE.get(1),
            FIVE.get(2),
            TrainResult.of("d4", 3, 1_000_000_000L, FIVE.get(3).delta()),
            FIVE.get(4));
    CoordinateMedian median = new CoordinateMedian(1, 1);
    assertThat(flat(median.aggregateTrain(3, GLOBAL, null, liar, List.of()).get()))
        .containsExactly(flat(median.aggregateTrain(3, GLOBAL, null, FIVE, List.of()).get()));
  }

  @Test
  void roundWithoutAcceptedUpdatesGivesNothingAndSaysSo() {
    RobustRound round = new CoordinateMedian(1, 1).beginTrain(3, GLOBAL, null);
    assertThat(round.offer(result("d1", 2, 1, 1, 1)).accepted()).isFalse();
    assertThat(round.finish(List.of())).isEmpty();
    assertThat(round.refusal()).hasValueSatisfying(r -> assertThat(r).contains("no update"));
  }

  @Test
  void finishedRoundTakesNoMoreUpdates() {
    RobustRound round = new TrimmedMean(0.1, 1, 1).beginTrain(3, GLOBAL, null);
    round.offer(FIVE.get(0));
    assertThat(round.finish(List.of())).isPresent();
    assertThat(round.refusal()).isEmpty();
    assertThat(round.selected()).containsExactly("d1");
    assertThatThrownBy(() -> round.offer(FIVE.get(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void betaOutsideZeroToHalfIsRejected() {
    assertThatThrownBy(() -> new TrimmedMean(0.5, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TrimmedMean(-0.1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
