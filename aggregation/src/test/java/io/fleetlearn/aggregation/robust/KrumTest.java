package io.fleetlearn.aggregation.robust;

import static io.fleetlearn.aggregation.robust.Fixtures.flat;
import static io.fleetlearn.aggregation.robust.Fixtures.model;
import static io.fleetlearn.aggregation.robust.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.compression.tensor.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Krum on updates that differ in the first coordinate only: 0, 1, 2.5, 4 and an outlier at 100.
 * With f = 1 each score sums the n − f − 2 = 2 smallest squared distances: a 1 + 6.25 = 7.25, b 1 +
 * 2.25 = 3.25, c 2.25 + 2.25 = 4.5, d 2.25 + 9 = 11.25, e 96² + 97².
 */
class KrumTest {
  static final Model GLOBAL = model(1, 1, 1);
  static final List<TrainResult> FIVE =
      List.of(
          result("a", 1, 0, 0, 0),
          result("b", 1, 1, 0, 0),
          result("c", 1, 2.5f, 0, 0),
          result("d", 1, 4, 0, 0),
          result("e", 1, 100, 0, 0));

  @Test
  void krumTakesTheLowestScoringUpdateWhole() {
    RobustRound round = new Krum(1, 1, 1).beginTrain(1, GLOBAL, null);
    FIVE.forEach(round::offer);
    assertThat(flat(round.finish(List.of()).get())).containsExactly(2, 1, 1);
    assertThat(round.selected()).containsExactly("b");
  }

  @Test
  void multiKrumAveragesTheMLowestScoringUpdates() {
    RobustRound round = new MultiKrum(1, 3, 1, 1).beginTrain(1, GLOBAL, null);
    FIVE.forEach(round::offer);
    assertThat(flat(round.finish(List.of()).get())).containsExactly(1 + (float) (3.5 / 3), 1, 1);
    assertThat(round.selected()).containsExactly("b", "c", "a");
  }

  @Test
  void multiKrumAveragesAtMostNMinusF() {
    RobustRound round = new MultiKrum(1, 10, 1, 1).beginTrain(1, GLOBAL, null);
    FIVE.forEach(round::offer);
    assertThat(flat(round.finish(List.of()).get())).containsExactly(1 + 7.5f / 4, 1, 1);
    assertThat(round.selected()).containsExactly("b", "c", "a", "d");
  }

  @Test
  void tooFewUpdatesForFGivesNothingWithTheReason() {
    RobustRound round = new Krum(2, 1, 1).beginTrain(1, GLOBAL, null);
    FIVE.forEach(round::offer);
    assertThat(round.finish(List.of())).isEmpty();
    assertThat(round.refusal())
        .hasValueSatisfying(
            r -> assertThat(r).contains("5 updates accepted").contains("needs more than 6"));
    assertThat(round.selected()).isEmpty();
  }

  @Test
  void equalScoresGoToTheSmallerDeviceIdWhateverTheOrder() {
    // f = 0, two neighbours: x 1+4 = 5, y 1+1 = 2, w 1+1 = 2, z 1+4 = 5; w beats y on the id.
    List<TrainResult> tie =
        new ArrayList<>(
            List.of(
                result("z", 1, 3, 0, 0),
                result("y", 1, 1, 0, 0),
                result("w", 1, 2, 0, 0),
                result("x", 1, 0, 0, 0)));
    for (int turn = 0; turn < 4; turn++) {
      RobustRound round = new Krum(0, 1, 1).beginTrain(1, GLOBAL, null);
      tie.forEach(round::offer);
      assertThat(round.finish(List.of())).isPresent();
      assertThat(round.selected()).containsExactly("w");
      tie.add(tie.remove(0));
    }
  }

  @Test
  void distancesAreComputedOverAllTensors() {
    // The outlier differs only in the second tensor ("b"); Krum must still avoid it.
    RobustRound round = new Krum(1, 1, 1).beginTrain(1, GLOBAL, null);
    round.offer(result("a", 1, 0, 0, 0));
    round.offer(result("b", 1, 0, 0, 0.1f));
    round.offer(result("c", 1, 0, 0, 0.2f));
    round.offer(result("d", 1, 0, 0, 0.3f));
    round.offer(result("e", 1, 0, 0, 50));
    round.finish(List.of());
    assertThat(round.selected()).containsAnyOf("b", "c").doesNotContain("e");
  }
}
