package io.fleetlearn.aggregation.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HeteroFL (Diao et al. 2021): each parameter averages exactly the updates whose slice covers it.
 */
class HeteroFlFoldTest {
  private static final List<Ratio> HETERO = List.of(Ratio.of(1.0), Ratio.of(0.5), Ratio.of(0.25));

  @Test
  void cnnSlicesKeepLeadingChannelsAndTheFlattenedInputBlocks() {
    Model cnn = FoldFixtures.cnn();
    assertThat(FoldFixtures.plan(cnn, Ratio.of(0.5)).slicedShapes())
        .containsExactly(
            Shape.of(4, 1, 5, 5),
            Shape.of(4),
            Shape.of(8, 4, 5, 5),
            Shape.of(8),
            Shape.of(16, 8 * 16),
            Shape.of(16),
            Shape.of(10, 16),
            Shape.of(10));
    assertThat(FoldFixtures.plan(cnn, Ratio.of(0.25)).slicedShapes())
        .containsExactly(
            Shape.of(2, 1, 5, 5),
            Shape.of(2),
            Shape.of(4, 2, 5, 5),
            Shape.of(4),
            Shape.of(8, 4 * 16),
            Shape.of(8),
            Shape.of(10, 8),
            Shape.of(10));
  }

  @Test
  void mlpMeanOfWidthsOneHalfQuarterIsPerParameterOverCoveringUpdates() {
    checkAgainstReference(FoldFixtures.mlp(), false, 11);
  }

  @Test
  void cnnMeanOfWidthsOneHalfQuarterIsPerParameterOverCoveringUpdates() {
    checkAgainstReference(FoldFixtures.cnn(), false, 12);
  }

  @Test
  void sparseNarrowCnnUpdatesMatchTheReference() {
    checkAgainstReference(FoldFixtures.cnn(), true, 13);
  }

  @Test
  void parameterOnlyTheFullUpdateCoversTakesItsValueAndSharedOnesAverage() {
    Model cnn = FoldFixtures.cnn();
    Random rnd = new Random(5);
    Model full = FoldFixtures.random(cnn.names(), cnn.shapes(), rnd);
    SlicePlan half = FoldFixtures.plan(cnn, Ratio.of(0.5));
    Model narrow = FoldFixtures.random(cnn.names(), half.slicedShapes(), rnd);
    WeightedSum s = new WeightedSum(WeightedSum.layoutOf(cnn));
    s.add(UpdateData.of(full), 1.0);
    s.add(UpdateData.of(narrow), 3.0, half);
    Model mean = s.mean();

    // fc1.w is 32 x 256 in full, 16 x 128 at half width: row 20 and column 200 are the full's.
    assertThat(mean.tensor("fc1.w").get(20 * 256 + 5))
        .isEqualTo(full.tensor("fc1.w").get(20 * 256 + 5));
    assertThat(mean.tensor("fc1.w").get(3 * 256 + 200))
        .isEqualTo(full.tensor("fc1.w").get(3 * 256 + 200));
    // Element (3, 100) is covered by both: (1 * full + 3 * narrow) / 4.
    double both =
        (full.tensor("fc1.w").get(3 * 256 + 100) + 3.0 * narrow.tensor("fc1.w").get(3 * 128 + 100))
            / 4;
    assertThat((double) mean.tensor("fc1.w").get(3 * 256 + 100)).isCloseTo(both, within(1e-6));
    // The output layer keeps its 10 units at every width; its inputs 16..31 are the full's alone.
    assertThat(mean.tensor("fc2.w").get(9 * 32 + 31))
        .isEqualTo(full.tensor("fc2.w").get(9 * 32 + 31));
    assertThat(s.snapshot().weightAt(0)).isEqualTo(4.0);
  }

  @Test
  void parametersNoUpdateCoversAverageToZero() {
    Model mlp = FoldFixtures.mlp();
    SlicePlan quarter = FoldFixtures.plan(mlp, Ratio.of(0.25));
    Model narrow = FoldFixtures.random(mlp.names(), quarter.slicedShapes(), new Random(8));
    WeightedSum s = new WeightedSum(WeightedSum.layoutOf(mlp));
    s.add(UpdateData.of(narrow), 2.0, quarter);
    Model mean = s.mean();
    // fc1.w keeps 4 of 16 rows at width 1/4: row 4 onward is uncovered.
    assertThat(mean.tensor("fc1.w").get(4 * 6)).isZero();
    assertThat(mean.tensor("fc1.w").get(3 * 6 + 5))
        .isEqualTo(narrow.tensor("fc1.w").get(3 * 6 + 5));
    assertThat(s.snapshot().weightAt(4 * 6)).isZero();
  }

  @Test
  void sparseNarrowUpdateFoldsExactlyAsItsDenseDecode() {
    Model cnn = FoldFixtures.cnn();
    Random rnd = new Random(21);
    WeightedSum viaSparse = new WeightedSum(WeightedSum.layoutOf(cnn));
    WeightedSum viaDense = new WeightedSum(WeightedSum.layoutOf(cnn));
    for (Ratio width : HETERO) {
      SlicePlan plan = FoldFixtures.plan(cnn, width);
      Model sliced = FoldFixtures.random(cnn.names(), plan.slicedShapes(), rnd);
      byte[] frame = FoldFixtures.encodeSparse(sliced);
      UpdateData sparse = FoldFixtures.sparseUpdate(frame);
      assertThat(FoldFixtures.sparseSections(sparse)).isPositive();
      viaSparse.add(sparse, 2.5, plan);
      viaDense.add(UpdateData.of(FoldFixtures.denseDecode(frame)), 2.5, plan);
    }
    PartialAggregate a = viaSparse.snapshot();
    PartialAggregate b = viaDense.snapshot();
    assertThat(a.sum()).containsExactly(b.sum());
    assertThat(a.narrowWeight()).containsExactly(b.narrowWeight());
    assertThat(a.totalWeight()).isEqualTo(b.totalWeight());
  }

  /** Two updates of each width 1, 1/2, 1/4, with distinct weights, against the reference. */
  private static void checkAgainstReference(Model model, boolean sparse, long seed) {
    Random rnd = new Random(seed);
    WeightedSum s = new WeightedSum(WeightedSum.layoutOf(model));
    Reference ref = new Reference(model);
    double weight = 1;
    for (int copy = 0; copy < 2; copy++) {
      for (Ratio width : HETERO) {
        SlicePlan plan = FoldFixtures.plan(model, width);
        Model values = FoldFixtures.random(model.names(), plan.slicedShapes(), rnd);
        UpdateData data = UpdateData.of(values);
        if (sparse) {
          byte[] frame = FoldFixtures.encodeSparse(values);
          data = FoldFixtures.sparseUpdate(frame);
          values = FoldFixtures.denseDecode(frame);
        }
        s.add(data, weight, plan);
        ref.add(values, weight);
        weight += 0.5;
      }
    }
    PartialAggregate snap = s.snapshot();
    float[] mean = FoldFixtures.flat(s.mean());
    int uncovered = 0;
    for (int p = 0; p < mean.length; p++) {
      assertThat(snap.weightAt(p)).as("weight at %d", p).isEqualTo(ref.weight[p]);
      assertThat((double) mean[p]).as("mean at %d", p).isCloseTo(ref.mean(p), within(1e-6));
      uncovered += ref.weight[p] == 0 ? 1 : 0;
    }
    // Width 1 covers everything: no parameter is left out; the first weight's first element is
    // covered by every width, its last only by the full ones.
    assertThat(uncovered).isZero();
    assertThat(snap.weightAt(0)).isGreaterThan(snap.weightAt(model.tensor(0).size() - 1));
  }
}
