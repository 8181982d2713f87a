package io.fleetlearn.aggregation.privacy;

import static io.fleetlearn.aggregation.privacy.Updates.dense;
import static io.fleetlearn.aggregation.privacy.Updates.flat;
import static io.fleetlearn.aggregation.privacy.Updates.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.aggregation.strategy.RoundAggregation;
import io.fleetlearn.aggregation.strategy.TrainTask;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DpFedAvgTest {
  private static final Model GLOBAL = model(1, 2, 3, 4, 5, 6, 7, 8, 9);

  private static DpFedAvg strategy(double q, long n, double s, double z, double lr, long seed) {
    return new DpFedAvg(new DpSettings(q, n, s, z, lr, 1e-5), new SplittableRandom(seed));
  }

  @Test
  void withoutNoiseIsTheClippedUniformMeanOverTheExpectedCount() {
    float[][] u = {
      {3, 0, 0, 4, 0, 0, 0, 0, 0}, // norm 5: clipped to 2
      {0.5f, -0.5f, 0, 0, 0, 0, 0, 0, 1}, // norm ≈ 1.22: kept
      {0, 0, 0, 0, 0, 0, 0, 0, -20} // norm 20: clipped to 2
    };
    // q = 0.5, N = 6: qN = 3; S = 2; η = 0.5; 400 claimed samples must not weigh more.
    DpFedAvg dp = strategy(0.5, 6, 2, 0, 0.5, 1);
    RoundAggregation agg = dp.beginTrain(4, GLOBAL, null);
    for (int i = 0; i < u.length; i++) {
      assertThat(agg.offer(TrainResult.of("d-" + i, 4, 100 * (i + 1), dense(u[i]))))
          .isEqualTo(Verdict.accepted(1));
    }
    Model next = agg.finish(List.of()).orElseThrow();

    double[] expected = flat(GLOBAL);
    for (float[] x : u) {
      double scale = Math.min(1, 2 / Updates.norm(x));
      for (int p = 0; p < 9; p++) {
        expected[p] += 0.5 * scale * x[p] / 3;
      }
    }
    assertThat(flat(next)).containsExactly(expected, within(1e-6));
    assertThat(dp.lastRound().orElseThrow())
        .returns(3, DpRoundReport::participants)
        .returns(2, DpRoundReport::clipped)
        .returns(0, DpRoundReport::refused);
  }

  @Test
  void aHugeUpdateMovesTheModelByAtMostTheClipOverExpectedCount() {
    float[] huge = {1e6f, -1e6f, 1e6f, 0, 0, 0, 0, 0, 0};
    float[] small = {0.1f, 0, 0, 0, 0, 0, 0, 0, 0.2f};
    // Same noise seed: both rounds draw identical noise, so the difference is the huge update's
    // part.
    DpFedAvg with = strategy(0.2, 50, 1.5, 1.0, 1.0, 99);
    DpFedAvg without = strategy(0.2, 50, 1.5, 1.0, 1.0, 99);
    RoundAggregation a = with.beginTrain(1, GLOBAL, null);
    RoundAggregation b = without.beginTrain(1, GLOBAL, null);
    a.offer(TrainResult.of("small", 1, 10, dense(small)));
    a.offer(TrainResult.of("huge", 1, 10, dense(huge)));
    b.offer(TrainResult.of("small", 1, 10, dense(small)));

    double[] x = flat(a.finish(List.of()).orElseThrow());
    double[] y = flat(b.finish(List.of()).orElseThrow());
    double d = 0;
    for (int p = 0; p < 9; p++) {
      d += (x[p] - y[p]) * (x[p] - y[p]);
    }

    double bound = 1.5 / (0.2 * 50);
    assertThat(Math.sqrt(d)).isLessThanOrEqualTo(bound * (1 + 1e-5)).isGreaterThan(bound * 0.99);
  }

  @Test
  void noiseHasStandardDeviationZsOverExpectedCount() {
    int n = 40_000;
    Model zeros = Model.of(Tensor.zeros("w", Shape.of(200, 200)));
    // z = 1.5, S = 0.5, qN = 0.1 × 100 = 10, η = 2: per-coordinate sd 2 × 0.75 / 10 = 0.15.
    DpFedAvg dp = strategy(0.1, 100, 0.5, 1.5, 2.0, 2024);

    double[] v = flat(dp.beginTrain(1, zeros, null).finish(List.of()).orElseThrow());
    double mean = 0;
    for (double x : v) {
      mean += x / n;
    }
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean) / (n - 1);
    }

    // Sample sd of 40 000 normals is within ±1.5% with probability > 0.99 (its sd is ≈ 0.35%).
    assertThat(Math.sqrt(var)).isCloseTo(0.15, within(0.15 * 0.015));
    assertThat(mean).isCloseTo(0, within(4 * 0.15 / Math.sqrt(n)));
  }

  @Test
  void aRoundWithNoUpdateIsStillReleasedAndAccounted() {
    DpFedAvg dp = strategy(0.1, 100, 1, 1.0, 1.0, 5);

    Model next = dp.beginTrain(1, GLOBAL, null).finish(List.of()).orElseThrow();

    assertThat(flat(next)).isNotEqualTo(flat(GLOBAL));
    assertThat(dp.privacySpent().steps()).isEqualTo(1);
    assertThat(GLOBAL.contentEquals(model(1, 2, 3, 4, 5, 6, 7, 8, 9))).isTrue();
  }

  @Test
  void reportsEpsilonAfterEveryRoundAsTheAccountantComputesIt() {
    DpFedAvg dp = strategy(0.05, 1000, 1, 1.2, 1.0, 3);
    Model g = GLOBAL;
    for (long r = 1; r <= 3; r++) {
      RoundAggregation agg = dp.beginTrain(r, g, null);
      agg.offer(TrainResult.of("d", r, 1, dense(1, 0, 0, 0, 0, 0, 0, 0, 0)));
      g = agg.finish(List.of()).orElseThrow();
    }

    RdpAccountant reference = new RdpAccountant(0.05, 1.2);
    reference.steps(3);
    List<DpRoundReport> h = dp.history();
    assertThat(h).hasSize(3);
    assertThat(h.get(2).spent()).isEqualTo(reference.epsilon(1e-5)).isEqualTo(dp.privacySpent());
    assertThat(h.get(0).spent().epsilon()).isLessThan(h.get(1).spent().epsilon());
    assertThat(h.get(1).spent().epsilon()).isLessThan(h.get(2).spent().epsilon());
    assertThat(h.get(1).round()).isEqualTo(2);
  }

  @Test
  void samplesEachDeviceIndependentlyWithProbabilityQ() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add("d-" + i);
    }
    DpFedAvg dp = strategy(0.3, 10_000, 1, 1, 1, 0);

    List<TrainTask> tasks = dp.configureTrain(1, ids, new SplittableRandom(7));
    List<String> reversed = new ArrayList<>(ids);
    Collections.reverse(reversed);
    List<TrainTask> again = dp.configureTrain(1, reversed, new SplittableRandom(7));

    // Binomial(10 000, 0.3): mean 3000, sd ≈ 45.8.
    assertThat(tasks.size()).isBetween(3000 - 4 * 46, 3000 + 4 * 46);
    assertThat(again).isEqualTo(tasks);
  }

  @Test
  void refusesDevicesThatWereNotSampled() {
    DpFedAvg dp = strategy(0.5, 4, 1, 0, 1, 0);
    List<String> chosen =
        dp.configureTrain(9, List.of("a", "b", "c", "d"), new SplittableRandom(1)).stream()
            .map(TrainTask::deviceId)
            .toList();
    String outsider =
        List.of("a", "b", "c", "d").stream()
            .filter(d -> !chosen.contains(d))
            .findFirst()
            .orElseThrow();
    RoundAggregation agg = dp.beginTrain(9, GLOBAL, null);

    Verdict v = agg.offer(TrainResult.of(outsider, 9, 1, dense(new float[9])));

    assertThat(v.accepted()).isFalse();
    assertThat(v.reason()).contains(outsider, "not sampled for round 9", "refused");
  }

  @Test
  void refusesWrongRoundDuplicateNarrowLayoutAndNonFinite() {
    DpFedAvg dp = strategy(0.5, 4, 1, 0, 1, 0);
    RoundAggregation agg = dp.beginTrain(3, GLOBAL, null);
    float[] ok = {0.1f, 0, 0, 0, 0, 0, 0, 0, 0};
    assertThat(agg.offer(TrainResult.of("a", 3, 1, dense(ok))).accepted()).isTrue();

    Verdict late = agg.offer(TrainResult.of("b", 2, 1, dense(ok)));
    Verdict twice = agg.offer(TrainResult.of("a", 3, 1, dense(ok)));
    Verdict narrow = agg.offer(new TrainResult("c", 3, 3, 1, Ratio.of(0.5), dense(ok), Map.of()));
    Verdict fewer =
        agg.offer(
            TrainResult.of("d", 3, 1, UpdateData.of(Model.of(Tensor.zeros("w", Shape.of(2, 3))))));
    Verdict shape =
        agg.offer(
            TrainResult.of(
                "e",
                3,
                1,
                UpdateData.of(
                    Model.of(Tensor.zeros("w", Shape.of(3, 2)), Tensor.zeros("b", Shape.of(3))))));
    Verdict nan = agg.offer(TrainResult.of("f", 3, 1, dense(0, 0, 0, 0, 0, 0, 0, Float.NaN, 0)));

    assertThat(late.reason()).contains("round 2", "round 3", "refused");
    assertThat(twice.reason()).contains("from a", "second", "refused");
    assertThat(narrow.reason()).contains("width 50%", "full model", "refused");
    assertThat(fewer.reason()).contains("1 tensors", "has 2", "refused");
    assertThat(shape.reason()).contains("[3, 2]", "[2, 3]", "refused");
    assertThat(nan.reason()).contains("non-finite", "in b", "refused");
    assertThat(List.of(late, twice, narrow, fewer, shape, nan)).noneMatch(Verdict::accepted);
    assertThat(agg.accepted()).isEqualTo(1);
    // Only "a" counts: global + 0.1 / qN with qN = 2.
    assertThat(flat(agg.finish(List.of()).orElseThrow()))
        .containsExactly(new double[] {1 + 0.1 / 2, 2, 3, 4, 5, 6, 7, 8, 9}, within(1e-6));
    assertThat(dp.lastRound().orElseThrow().refused()).isEqualTo(6);
  }

  @Test
  void sparseAndDenseFormsOfAnUpdateGiveTheSameModel() {
    float[] x = {0, 3, 0, 0, 0, -4, 0, 12, 0};
    DpFedAvg a = strategy(0.25, 8, 2.5, 0.7, 1.0, 11);
    DpFedAvg b = strategy(0.25, 8, 2.5, 0.7, 1.0, 11);

    Model viaDense =
        a.aggregateTrain(1, GLOBAL, null, List.of(TrainResult.of("d", 1, 1, dense(x))), List.of())
            .orElseThrow();
    Model viaSparse =
        b.aggregateTrain(
                1, GLOBAL, null, List.of(TrainResult.of("d", 1, 1, Updates.sparse(x))), List.of())
            .orElseThrow();

    assertThat(viaSparse.contentEquals(viaDense)).isTrue();
    assertThat(a.lastRound().orElseThrow().clipped()).isEqualTo(1);
  }

  @Test
  void aRoundFinishesOnceAndTakesNothingAfterwards() {
    RoundAggregation agg = strategy(0.5, 4, 1, 0, 1, 0).beginTrain(1, GLOBAL, null);
    agg.finish(List.of());

    assertThat(agg.offer(TrainResult.of("a", 1, 1, dense(new float[9]))).reason())
        .contains("after round 1");
    assertThatThrownBy(() -> agg.finish(List.of())).isInstanceOf(IllegalStateException.class);
  }
}
