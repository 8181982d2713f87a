package io.fleetlearn.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** HeteroFL: each parameter is averaged over the devices whose width slice covers it. */
class WidthVariantTest {
  static final List<String> NAMES = List.of("l1.w", "l1.b", "l2.w", "l2.b");
  static final List<Shape> SHAPES =
      List.of(Shape.of(4, 3), Shape.of(4), Shape.of(2, 4), Shape.of(2));
  static final Ratio HALF = Ratio.percent(50);

  static Model random(List<Shape> shapes, long seed) {
    Model m = Model.flatZeros(NAMES, shapes);
    SplittableRandom rng = new SplittableRandom(seed);
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        t.set(i, (float) rng.nextDouble(-1, 1));
      }
    }
    return m;
  }

  @Test
  void eachParameterIsAveragedOverTheUpdatesCoveringIt() {
    Model global = random(SHAPES, 1);
    LayerChain chain = LayerChain.sequential(global);
    SlicePlan plan = SlicePlan.of(chain, NAMES, SHAPES, HALF);
    Model full = random(SHAPES, 2);
    Model narrow = random(plan.slicedShapes(), 3);

    FedAvgRound round = TestModels.plain().beginTrain(7, global, chain);
    assertThat(round.offer(TrainResult.of("full", 7, 100, UpdateData.of(full))).accepted())
        .isTrue();
    assertThat(
            round
                .offer(new TrainResult("half", 7, 7, 300, HALF, UpdateData.of(narrow), Map.of()))
                .accepted())
        .isTrue();
    Model next = round.finish(List.of()).orElseThrow();

    // Reference: the narrow update placed in the full layout, and where it covers.
    Model placed = global.zerosLike();
    plan.embed(narrow, placed);
    Model ones = Model.flatZeros(NAMES, plan.slicedShapes());
    ones.tensors().forEach(t -> java.util.Arrays.fill(t.array(), 1f));
    Model covered = global.zerosLike();
    plan.embed(ones, covered);
    int coveredCount = 0;
    for (int t = 0; t < NAMES.size(); t++) {
      for (int i = 0; i < SHAPES.get(t).size(); i++) {
        double a = full.tensor(t).get(i);
        boolean both = covered.tensor(t).get(i) == 1f;
        double mean = both ? (100 * a + 300.0 * placed.tensor(t).get(i)) / 400 : a;
        coveredCount += both ? 1 : 0;
        assertThat(next.tensor(t).get(i))
            .as("%s[%d]", NAMES.get(t), i)
            .isEqualTo((float) (global.tensor(t).get(i) + mean));
      }
    }
    assertThat((long) coveredCount)
        .isEqualTo(plan.parameterCount())
        .isLessThan(global.parameterCount());
  }

  @Test
  void aNarrowUpdateOfTheWrongShapeIsRefusedNamingTheTensor() {
    Model global = random(SHAPES, 1);
    FedAvgRound round = TestModels.plain().beginTrain(1, global, LayerChain.sequential(global));
    TrainResult wrong =
        new TrainResult("d-3", 1, 1, 10, HALF, UpdateData.of(random(SHAPES, 4)), Map.of());
    assertThat(round.offer(wrong).reason()).contains("d-3", "l1.w", "[4, 3]", "[2, 3]");
    assertThat(round.accepted()).isZero();
  }
}
