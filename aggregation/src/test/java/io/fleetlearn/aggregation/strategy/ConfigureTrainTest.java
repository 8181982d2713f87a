package io.fleetlearn.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConfigureTrainTest {
  static final List<String> TEN = IntStream.range(0, 10).mapToObj(i -> "d-" + i).toList();

  static List<String> ids(List<TrainTask> tasks) {
    return tasks.stream().map(TrainTask::deviceId).toList();
  }

  @Test
  void samplesTheFractionRoundedUpWithoutReplacement() {
    FedAvg s = FedAvg.builder().optFraction(0.25).build();
    List<String> picked = ids(s.configureTrain(1, TEN, new SplittableRandom(1)));
    assertThat(picked).hasSize(3).doesNotHaveDuplicates().isSubsetOf(TEN);
  }

  @Test
  void theMinimumAndMaximumBoundTheCount() {
    assertThat(
            FedAvg.builder()
                .optFraction(0.1)
                .optMinDevices(4)
                .build()
                .configureTrain(1, TEN, new SplittableRandom(1)))
        .hasSize(4);
    assertThat(
            FedAvg.builder()
                .optMaxDevices(6)
                .build()
                .configureTrain(1, TEN, new SplittableRandom(1)))
        .hasSize(6);
  }

  @Test
  void tooFewDevicesGiveNoTasks() {
    FedAvg s = FedAvg.builder().optMinDevices(11).build();
    assertThat(s.configureTrain(1, TEN, new SplittableRandom(1))).isEmpty();
  }

  @Test
  void aSeededRunDoesNotDependOnTheOrderOfTheAvailableDevices() {
    FedAvg s = FedAvg.builder().optFraction(0.5).build();
    List<String> shuffled = new ArrayList<>(TEN);
    Collections.shuffle(shuffled, new java.util.Random(4));
    assertThat(ids(s.configureTrain(1, shuffled, new SplittableRandom(9))))
        .isEqualTo(ids(s.configureTrain(1, TEN, new SplittableRandom(9))));
  }

  @Test
  void everyDeviceIsEquallyLikelyToBePicked() {
    FedAvg s = FedAvg.builder().optFraction(0.3).build();
    int[] counts = new int[10];
    SplittableRandom rng = new SplittableRandom(5);
    for (int r = 0; r < 10_000; r++) {
      for (String id : ids(s.configureTrain(r, TEN, rng))) {
        counts[Integer.parseInt(id.substring(2))]++;
      }
    }
    // Expected 3000 each; a binomial standard deviation is ~46.
    for (int c : counts) {
      assertThat(c).isBetween(2800, 3200);
    }
  }

  @Test
  void tasksCarryTheLocalSettingsAsStrings() {
    FedAvg s = FedAvg.builder().optEpochs(5).optLearningRate(0.05).build();
    assertThat(s.configureTrain(1, TEN, new SplittableRandom(1)).get(0).config())
        .containsEntry("epochs", "5")
        .containsEntry("learningRate", "0.05");
  }
}
