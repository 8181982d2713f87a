package io.fleetlearn.aggregation.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightedSumTest {

  private static Model pair(float... v) {
    return Model.of(
        Tensor.of("a", Shape.of(2), new float[] {v[0], v[1]}),
        Tensor.of("b", Shape.of(1), new float[] {v[2]}));
  }

  private static WeightedSum sumFor(Model m) {
    return new WeightedSum(WeightedSum.layoutOf(m));
  }

  @Test
  void weightsAreRespected() {
    WeightedSum s = sumFor(pair(0, 0, 0));
    s.add(UpdateData.of(pair(1, 2, -4)), 1);
    s.add(UpdateData.of(pair(3, 6, 4)), 3);
    // (1*1 + 3*3)/4, (1*2 + 3*6)/4, (1*-4 + 3*4)/4
    assertThat(FoldFixtures.flat(s.mean())).containsExactly(2.5f, 5f, 2f);
    assertThat(s.totalWeight()).isEqualTo(4);
    assertThat(s.updates()).isEqualTo(2);
  }

  @Test
  void scaleMultipliesTheValuesButNotTheDenominator() {
    WeightedSum s = sumFor(pair(0, 0, 0));
    s.add(UpdateData.of(pair(4, 8, 2)), 2, 0.5);
    s.add(UpdateData.of(pair(1, 1, 1)), 2);
    // (2*0.5*x + 2*y) / 4
    assertThat(FoldFixtures.flat(s.mean())).containsExactly(1.5f, 2.5f, 1f);
    assertThat(s.totalWeight()).isEqualTo(4);
  }

  @Test
  void emptySumHasAZeroMeanAndNoWeight() {
    WeightedSum s = sumFor(pair(0, 0, 0));
    assertThat(FoldFixtures.flat(s.mean())).containsExactly(0f, 0f, 0f);
    assertThat(s.totalWeight()).isZero();
    assertThat(s.updates()).isZero();
    assertThat(s.parameterCount()).isEqualTo(3);
  }

  @Test
  void sparseFullWidthUpdateFoldsAsItsDenseDecode() {
    Model mlp = FoldFixtures.mlp();
    Model delta = FoldFixtures.random(mlp.names(), mlp.shapes(), new Random(3));
    byte[] frame = FoldFixtures.encodeSparse(delta);
    UpdateData sparse = FoldFixtures.sparseUpdate(frame);
    assertThat(FoldFixtures.sparseSections(sparse)).isPositive();
    WeightedSum a = sumFor(mlp);
    WeightedSum b = sumFor(mlp);
    a.add(sparse, 1.5);
    b.add(UpdateData.of(FoldFixtures.denseDecode(frame)), 1.5);
    assertThat(a.snapshot().sum()).containsExactly(b.snapshot().sum());
  }

  @Test
  void wrongShapeIsRefusedNamingTheTensorAndLeavesTheSumUnchanged() {
    WeightedSum s = sumFor(pair(0, 0, 0));
    s.add(UpdateData.of(pair(1, 2, 3)), 2);
    PartialAggregate before = s.snapshot();
    Model wrong =
        Model.of(
            Tensor.of("a", Shape.of(2), new float[] {9, 9}),
            Tensor.of("b", Shape.of(2), new float[] {9, 9}));
    assertThatThrownBy(() -> s.add(UpdateData.of(wrong), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b of shape [2]")
        .hasMessageContaining("expected b of shape [1]");
    assertUnchanged(s, before);
  }

  @Test
  void wrongTensorNameOrCountIsRefusedAndLeavesTheSumUnchanged() {
    WeightedSum s = sumFor(pair(0, 0, 0));
    PartialAggregate before = s.snapshot();
    Model renamed =
        Model.of(
            Tensor.of("a", Shape.of(2), new float[] {9, 9}),
            Tensor.of("c", Shape.of(1), new float[] {9}));
    assertThatThrownBy(() -> s.add(UpdateData.of(renamed), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c of shape [1]");
    Model one = Model.of(Tensor.of("a", Shape.of(2), new float[] {9, 9}));
    assertThatThrownBy(() -> s.add(UpdateData.of(one), 1, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 tensors, the model has 2");
    assertUnchanged(s, before);
  }

  @Test
  void narrowUpdateOfTheWrongWidthIsRefusedNamingTheTensor() {
    Model mlp = FoldFixtures.mlp();
    WeightedSum s = sumFor(mlp);
    SlicePlan half = FoldFixtures.plan(mlp, Ratio.of(0.5));
    SlicePlan quarter = FoldFixtures.plan(mlp, Ratio.of(0.25));
    s.add(
        UpdateData.of(FoldFixtures.random(mlp.names(), half.slicedShapes(), new Random(1))),
        1,
        half);
    PartialAggregate before = s.snapshot();
    Model quarterValues = FoldFixtures.random(mlp.names(), quarter.slicedShapes(), new Random(2));
    assertThatThrownBy(() -> s.add(UpdateData.of(quarterValues), 1, half))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fc1.w of shape [4, 6]")
        .hasMessageContaining("expected fc1.w of shape [8, 6]");
    assertUnchanged(s, before);
  }

  @Test
  void slicePlanOfAnotherModelIsRefused() {
    Model mlp = FoldFixtures.mlp();
    Model cnn = FoldFixtures.cnn();
    SlicePlan cnnHalf = FoldFixtures.plan(cnn, Ratio.of(0.5));
    WeightedSum s = sumFor(mlp);
    Model values = FoldFixtures.random(cnn.names(), cnnHalf.slicedShapes(), new Random(1));
    assertThatThrownBy(() -> s.add(UpdateData.of(values), 1, cnnHalf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slice plan");
    assertUnchanged(s, sumFor(mlp).snapshot());
  }

  @Test
  void mergeOfAnotherLayoutIsRefused() {
    WeightedSum s = sumFor(pair(0, 0, 0));
    PartialAggregate other = sumFor(FoldFixtures.mlp()).snapshot();
    assertThatThrownBy(() -> s.merge(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partial aggregate");
  }

  @Test
  void negativeOrNonFiniteWeightsAreRefused() {
    WeightedSum s = sumFor(pair(0, 0, 0));
    PartialAggregate before = s.snapshot();
    UpdateData u = UpdateData.of(pair(1, 1, 1));
    for (double w : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> s.add(u, w))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight");
    }
    assertUnchanged(s, before);
  }

  @Test
  void zeroWeightUpdateCountsButDoesNotMoveTheMean() {
    WeightedSum s = sumFor(pair(0, 0, 0));
    s.add(UpdateData.of(pair(2, 2, 2)), 1);
    s.add(UpdateData.of(pair(100, 100, 100)), 0);
    assertThat(FoldFixtures.flat(s.mean())).containsExactly(2f, 2f, 2f);
    assertThat(s.updates()).isEqualTo(2);
  }

  @Test
  void meanOfPartialAggregateEqualsMeanOfTheSum() {
    Model mlp = FoldFixtures.mlp();
    WeightedSum s = sumFor(mlp);
    for (FoldFixtures.Item it : FoldFixtures.randomItems(mlp, 6, new Random(4))) {
      it.foldInto(s);
    }
    assertThat(s.snapshot().mean().contentEquals(s.mean())).isTrue();
    float[] mean = FoldFixtures.flat(s.mean());
    PartialAggregate p = s.snapshot();
    for (int i = 0; i < mean.length; i++) {
      double w = p.weightAt(i);
      assertThat((double) mean[i]).isCloseTo(w > 0 ? p.sum()[i] / w : 0, within(1e-6));
    }
  }

  @Test
  void snapshotIsACopyThatLaterFoldsDoNotChange() {
    WeightedSum s = sumFor(pair(0, 0, 0));
    s.add(UpdateData.of(pair(1, 1, 1)), 1);
    PartialAggregate snap = s.snapshot();
    s.add(UpdateData.of(pair(5, 5, 5)), 1);
    assertThat(snap.sum()).containsExactly(1, 1, 1);
    assertThat(snap.updates()).isEqualTo(1);
    assertThat(List.of(snap.fullWeight(), snap.totalWeight())).containsExactly(1.0, 1.0);
  }

  private static void assertUnchanged(WeightedSum s, PartialAggregate before) {
    PartialAggregate now = s.snapshot();
    assertThat(now.sum()).containsExactly(before.sum());
    assertThat(now.fullWeight()).isEqualTo(before.fullWeight());
    assertThat(now.totalWeight()).isEqualTo(before.totalWeight());
    assertThat(now.updates()).isEqualTo(before.updates());
    if (before.narrowWeight() == null) {
      assertThat(now.narrowWeight()).isNull();
    } else {
      assertThat(now.narrowWeight()).containsExactly(before.narrowWeight());
    }
  }

  @Test
  void nonFiniteScaleIsRefusedBeforeAnythingIsFolded() {
    Model m = Model.of(Tensor.of("w", Shape.of(2), new float[] {1, 2}));
    WeightedSum sum = new WeightedSum(WeightedSum.layoutOf(m));

    assertThatThrownBy(() -> sum.add(UpdateData.of(m), 1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale (NaN) must be finite and >= 0");
    assertThatThrownBy(() -> sum.add(UpdateData.of(m), 0, Double.POSITIVE_INFINITY))
        .hasMessageContaining("scale (Infinity)");
    assertThat(sum.updates()).isZero();
    assertThat(sum.snapshot().sum()).containsExactly(0, 0);
  }
}
