package io.fleetlearn.aggregation.fedopt;

import static io.fleetlearn.aggregation.strategy.TestModels.PARAMS;
import static io.fleetlearn.aggregation.strategy.TestModels.flat;
import static io.fleetlearn.aggregation.strategy.TestModels.model;
import static io.fleetlearn.aggregation.strategy.TestModels.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.aggregation.strategy.FedAvg;
import io.fleetlearn.aggregation.strategy.TestModels;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.compression.tensor.Model;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Three rounds of each server optimizer against an independent double loop over the same rule: two
 * devices per round (weights 1 and 3), deltas chosen so that Δ changes sign between rounds.
 */
class FedOptTest {
  static final double ETA = 0.1;
  static final double B1 = 0.9;
  static final double B2 = 0.99;
  static final double TAU = 1e-3;
  static final FedAvg SETTINGS = TestModels.plain();

  /** Round r, device k, parameter p. */
  static double delta(int r, int k, int p) {
    return (r == 1 ? -1 : 1) * (0.1 * (p + 1) + 0.05 * k) + 0.01 * r;
  }

  static List<TrainResult> results(int r) {
    double[] a = new double[PARAMS];
    double[] b = new double[PARAMS];
    for (int p = 0; p < PARAMS; p++) {
      a[p] = (float) delta(r, 0, p);
      b[p] = (float) delta(r, 1, p);
    }
    return List.of(result("a", r, 1, a), result("b", r, 3, b));
  }

  /** The reference: {@code rule} maps (m, v, Δ) of one parameter to (m, v, change). */
  static double[] reference(Rule rule) {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] m = new double[PARAMS];
    double[] v = new double[PARAMS];
    for (int r = 0; r < 3; r++) {
      for (int p = 0; p < PARAMS; p++) {
        double d = (1 * (double) (float) delta(r, 0, p) + 3 * (double) (float) delta(r, 1, p)) / 4;
        double[] out = rule.apply(m[p], v[p], d);
        m[p] = out[0];
        v[p] = out[1];
        x[p] = (float) ((float) x[p] + out[2]);
      }
    }
    return x;
  }

  interface Rule {
    double[] apply(double m, double v, double d);
  }

  static double[] run(FedOpt s, int rounds) {
    Model x = model(1, 2, 3, 4, 5, 6, 7, 8);
    for (int r = 0; r < rounds; r++) {
      x = s.aggregateTrain(r, x, null, results(r), List.of()).orElseThrow();
    }
    return flat(x);
  }

  static void matches(FedOpt s, Rule rule) {
    assertThat(run(s, 3)).containsExactly(reference(rule));
  }

  @Test
  void fedAdamFollowsItsRule() {
    matches(
        new FedAdam(SETTINGS, ETA, B1, B2, TAU),
        (m, v, d) -> {
          double m1 = B1 * m + (1 - B1) * d;
          double v1 = B2 * v + (1 - B2) * d * d;
          return new double[] {m1, v1, ETA * m1 / (Math.sqrt(v1) + TAU)};
        });
  }

  @Test
  void fedYogiFollowsItsRule() {
    matches(
        new FedYogi(SETTINGS, ETA, B1, B2, TAU),
        (m, v, d) -> {
          double m1 = B1 * m + (1 - B1) * d;
          double v1 = v - (1 - B2) * d * d * Math.signum(v - d * d);
          return new double[] {m1, v1, ETA * m1 / (Math.sqrt(v1) + TAU)};
        });
  }

  @Test
  void fedAdagradFollowsItsRule() {
    matches(
        new FedAdagrad(SETTINGS, ETA, B1, TAU),
        (m, v, d) -> {
          double m1 = B1 * m + (1 - B1) * d;
          double v1 = v + d * d;
          return new double[] {m1, v1, ETA * m1 / (Math.sqrt(v1) + TAU)};
        });
  }

  @Test
  void fedAvgMFollowsItsRule() {
    matches(
        new FedAvgM(SETTINGS, 0.5, 0.9),
        (m, v, d) -> {
          double m1 = 0.9 * m + d;
          return new double[] {m1, 0, 0.5 * m1};
        });
  }

  @Test
  void fedAdamsFirstStepByHand() {
    // One parameter, Δ = 1: m = 0.1, v = 0.01, step = 0.1 * 0.1 / (0.1 + 0.001).
    FedAdam s = new FedAdam(SETTINGS, ETA, B1, B2, TAU);
    Model next =
        s.aggregateTrain(
                0,
                model(0, 0, 0, 0, 0, 0, 0, 0),
                null,
                List.of(result("a", 0, 1, 1, 1, 1, 1, 1, 1, 1, 1)),
                List.of())
            .orElseThrow();
    assertThat(flat(next)[0]).isCloseTo(0.01 / 0.101, org.assertj.core.data.Offset.offset(1e-7));
  }

  @Test
  void fedAvgMWithoutMomentumIsFedAvg() {
    Function<FedAvg, Model> round =
        s ->
            s.aggregateTrain(1, model(1, 2, 3, 4, 5, 6, 7, 8), null, results(1), List.of())
                .orElseThrow();
    assertThat(round.apply(new FedAvgM(SETTINGS, 1, 0)).contentEquals(round.apply(SETTINGS)))
        .isTrue();
  }

  @Test
  void restoredMomentsContinueExactlyWhereTheyStopped() {
    FedAdam first = new FedAdam(SETTINGS, ETA, B1, B2, TAU);
    assertThat(first.moments()).isEmpty();
    Model x = model(1, 2, 3, 4, 5, 6, 7, 8);
    for (int r = 0; r < 2; r++) {
      x = first.aggregateTrain(r, x, null, results(r), List.of()).orElseThrow();
    }
    FedOpt.Moments saved = first.moments().orElseThrow();
    assertThat(saved.steps()).isEqualTo(2);
    saved.m()[0] = 99; // a copy: the snapshot does not change
    assertThat(saved.m()[0]).isNotEqualTo(99);

    FedAdam second = new FedAdam(SETTINGS, ETA, B1, B2, TAU);
    second.restore(saved);
    Model a = first.aggregateTrain(2, x, null, results(2), List.of()).orElseThrow();
    Model b = second.aggregateTrain(2, x, null, results(2), List.of()).orElseThrow();
    assertThat(a.contentEquals(b)).isTrue();
    assertThat(second.moments()).isEqualTo(first.moments());
  }

  @Test
  void momentsOfAnotherModelSizeAreRejectedAtTheNextStep() {
    FedAdam s = new FedAdam(SETTINGS, ETA, B1, B2, TAU);
    s.restore(new FedOpt.Moments(1, new double[3], new double[3]));
    assertThatThrownBy(() -> run(s, 1)).hasMessageContaining("3 parameters");
  }

  @Test
  void hyperparametersOutOfRangeAreRejected() {
    assertThatThrownBy(() -> new FedAdam(SETTINGS, 0, B1, B2, TAU)).hasMessageContaining("eta");
    assertThatThrownBy(() -> new FedAdam(SETTINGS, ETA, 1, B2, TAU)).hasMessageContaining("beta1");
    assertThatThrownBy(() -> new FedYogi(SETTINGS, ETA, B1, -0.1, TAU))
        .hasMessageContaining("beta2");
    assertThatThrownBy(() -> new FedAdagrad(SETTINGS, ETA, B1, 0)).hasMessageContaining("tau");
  }
}
