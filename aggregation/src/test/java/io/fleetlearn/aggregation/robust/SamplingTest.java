package io.fleetlearn.aggregation.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.strategy.TrainTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingTest {
  static final List<String> TEN =
      List.of("d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9");

  private static List<String> ids(List<TrainTask> tasks) {
    return tasks.stream().map(TrainTask::deviceId).toList();
  }

  @Test
  void fractionOfTheAvailableDevicesIsSampledWithoutReplacement() {
    List<String> got = ids(new CoordinateMedian(0.5, 1).configureTrain(1, TEN, rng(1)));
    assertThat(got).hasSize(5).doesNotHaveDuplicates().isSubsetOf(TEN);
  }

  @Test
  void minimumWinsOverASmallFraction() {
    assertThat(new Krum(1, 0.1, 4).configureTrain(1, TEN, rng(1))).hasSize(4);
  }

  @Test
  void tooFewAvailableDevicesGiveNoTasks() {
    assertThat(new TrimmedMean(0.1, 1, 11).configureTrain(1, TEN, rng(1))).isEmpty();
  }

  @Test
  void choiceDependsOnTheSeedNotOnTheListOrder() {
    List<String> shuffled = new ArrayList<>(TEN);
    Collections.shuffle(shuffled, new java.util.Random(9));
    MultiKrum s = new MultiKrum(1, 2, 0.3, 1);
    assertThat(ids(s.configureTrain(1, shuffled, rng(7))))
        .isEqualTo(ids(s.configureTrain(1, TEN, rng(7))));
  }

  @Test
  void everyDeviceIsSometimesChosen() {
    CoordinateMedian s = new CoordinateMedian(0.2, 1);
    SplittableRandom r = rng(3);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 200; i++) {
      seen.addAll(ids(s.configureTrain(i, TEN, r)));
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(TEN);
  }

  private static SplittableRandom rng(long seed) {
    return new SplittableRandom(seed);
  }
}
