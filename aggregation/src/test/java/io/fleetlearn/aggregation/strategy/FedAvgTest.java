package io.fleetlearn.aggregation.strategy;

import static io.fleetlearn.aggregation.strategy.TestModels.flat;
import static io.fleetlearn.aggregation.strategy.TestModels.model;
import static io.fleetlearn.aggregation.strategy.TestModels.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.aggregation.fold.PartialAggregate;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class FedAvgTest {
  static final Model GLOBAL = model(1, 2, 3, 4, 5, 6, 7, 8);

  @Test
  void finishIsGlobalPlusSampleWeightedMeanDelta() {
    FedAvgRound round = TestModels.plain().beginTrain(3, GLOBAL, null);
    double[][] deltas = {
      {1, 0, 0, 0, 0, 0, 0, -1}, {0, 1, 0, 0, 0, 0, 0, -1}, {0, 0, 1, 0, 0, 0, 0, 2}
    };
    long[] samples = {100, 200, 300};
    for (int d = 0; d < 3; d++) {
      assertThat(round.offer(result("d-" + d, 3, samples[d], deltas[d])).accepted()).isTrue();
    }
    double[] next = flat(round.finish(List.of()).orElseThrow());
    // By hand: w[0] = 1 + 100/600, w[1] = 2 + 200/600, w[2] = 3 + 300/600, b[1] = 8 + 300/600.
    assertThat(next[0]).isEqualTo(TestModels.step(1, 1, 100.0 / 600));
    assertThat(next[1]).isEqualTo(TestModels.step(2, 1, 200.0 / 600));
    assertThat(next[2]).isEqualTo(3.5);
    assertThat(next[3]).isEqualTo(4);
    assertThat(next[7]).isEqualTo(TestModels.step(8, 1, (-100 - 200 + 600) / 600.0));
  }

  @Test
  void serverLearningRateScalesTheMeanDelta() {
    FedAvg s =
        FedAvg.builder().optServerLr(0.5).optSamplePolicy(SamplePolicy.absolute(1_000)).build();
    Model next =
        s.aggregateTrain(
                1,
                GLOBAL,
                null,
                List.of(
                    result("a", 1, 10, 2, 2, 2, 2, 2, 2, 2, 2),
                    result("b", 1, 30, 6, 6, 6, 6, 6, 6, 6, 6)),
                List.of())
            .orElseThrow();
    // mean delta = (10*2 + 30*6)/40 = 5; x + 0.5*5
    assertThat(flat(next)).containsExactly(3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5);
  }

  @Test
  void aRoundWithNothingAcceptedGivesNoModel() {
    FedAvgRound round = TestModels.plain().beginTrain(1, GLOBAL, null);
    round.offer(result("a", 2, 10, new double[8]));
    assertThat(round.finish(List.of())).isEmpty();
    assertThatThrownBy(() -> round.finish(List.of())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusalsSayWhyAndLeaveTheAggregateUnchanged() {
    FedAvgRound round = TestModels.plain().beginTrain(5, GLOBAL, null);
    round.offer(result("d-1", 5, 10, 1, 1, 1, 1, 1, 1, 1, 1));
    PartialAggregate before = round.partial();
    Model wrongShape = Model.of(Tensor.zeros("w", Shape.of(3, 2)), Tensor.zeros("b", Shape.of(2)));
    Model lastNaN = model(1, 1, 1, 1, 1, 1, 1, Double.NaN);
    List<TrainResult> bad =
        List.of(
            result("d-2", 4, 10, new double[8]),
            result("d-1", 5, 10, new double[8]),
            result("d-3", 5, 0, new double[8]),
            TrainResult.of("d-4", 5, 10, UpdateData.of(wrongShape)),
            TrainResult.of("d-5", 5, 10, UpdateData.of(lastNaN)),
            result("d-6", 5, 10, 1, Double.POSITIVE_INFINITY, 1, 1, 1, 1, 1, 1));
    List<String> reasons =
        bad.stream()
            .map(round::offer)
            .peek(v -> assertThat(v.accepted()).isFalse())
            .map(Verdict::reason)
            .toList();
    assertThat(reasons.get(0)).contains("round 4", "round 5", "refused");
    assertThat(reasons.get(1)).contains("second update", "d-1");
    assertThat(reasons.get(2)).contains("claims 0 samples");
    assertThat(reasons.get(3)).contains("w", "[3, 2]", "[2, 3]", "update refused");
    assertThat(reasons.get(4)).contains("NaN", "b[1]", "d-5");
    assertThat(reasons.get(5)).contains("Infinity", "w[1]");
    PartialAggregate after = round.partial();
    assertThat(after.sum()).containsExactly(before.sum());
    assertThat(after.totalWeight()).isEqualTo(before.totalWeight());
    assertThat(round.accepted()).isEqualTo(1);
  }

  @Test
  void aNarrowUpdateWithoutAChainIsRefused() {
    FedAvgRound round = TestModels.plain().beginTrain(1, GLOBAL, null);
    TrainResult narrow =
        new TrainResult(
            "d",
            1,
            1,
            10,
            io.fleetlearn.compression.tensor.Ratio.percent(50),
            UpdateData.of(GLOBAL),
            java.util.Map.of());
    assertThat(round.offer(narrow).reason()).contains("width 50%", "no layer chain");
  }

  @Test
  void anUpdateAfterFinishIsRefused() {
    FedAvgRound round = TestModels.plain().beginTrain(1, GLOBAL, null);
    round.finish(List.of());
    assertThat(round.offer(result("a", 1, 10, new double[8])).reason()).contains("closed");
  }

  @Test
  void builderRejectsSettingsOutOfRange() {
    assertThatThrownBy(() -> FedAvg.builder().optFraction(0))
        .hasMessageContaining("fraction (0.0)");
    assertThatThrownBy(() -> FedAvg.builder().optMinDevices(0).build())
        .hasMessageContaining("minDevices (0)");
    assertThatThrownBy(() -> FedAvg.builder().optMinDevices(5).optMaxDevices(3).build())
        .hasMessageContaining("maxDevices (3)");
    assertThatThrownBy(() -> FedAvg.builder().optEpochs(0).build()).hasMessageContaining("epochs");
    assertThatThrownBy(() -> FedAvg.builder().optLearningRate(Double.NaN).build())
        .hasMessageContaining("learningRate");
    assertThatThrownBy(() -> FedAvg.builder().optServerLr(-1).build())
        .hasMessageContaining("serverLr (-1.0)");
  }
}
