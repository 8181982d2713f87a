package io.fleetlearn.aggregation.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The weighted mean's defining properties, for dense, sparse and narrow updates alike. */
class WeightedSumProperties {
  private static final Model MLP = FoldFixtures.mlp();

  @Property(tries = 60)
  void orderOfUpdatesDoesNotMatter(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int count) {
    Random rnd = new Random(seed);
    List<FoldFixtures.Item> items = FoldFixtures.randomItems(MLP, count, rnd);
    WeightedSum inOrder = new WeightedSum(WeightedSum.layoutOf(MLP));
    items.forEach(it -> it.foldInto(inOrder));
    List<FoldFixtures.Item> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, rnd);
    WeightedSum reordered = new WeightedSum(WeightedSum.layoutOf(MLP));
    shuffled.forEach(it -> it.foldInto(reordered));
    PartialAggregateProperties.assertClose(reordered.snapshot(), inOrder.snapshot());
  }

  @Property(tries = 60)
  void meanEqualsThePlainReference(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int count) {
    Random rnd = new Random(seed);
    WeightedSum s = new WeightedSum(WeightedSum.layoutOf(MLP));
    Reference ref = new Reference(MLP);
    for (FoldFixtures.Item it : FoldFixtures.randomItems(MLP, count, rnd)) {
      it.foldInto(s);
      it.foldInto(ref);
    }
    float[] mean = FoldFixtures.flat(s.mean());
    for (int p = 0; p < mean.length; p++) {
      assertThat(s.snapshot().weightAt(p)).isCloseTo(ref.weight[p], withinRel(ref.weight[p]));
      assertThat((double) mean[p]).isCloseTo(ref.mean(p), floatRounding(ref.mean(p)));
    }
  }

  @Property(tries = 60)
  void identicalUpdatesGiveThatUpdateWhereverTheyCover(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int copies,
      @ForAll @IntRange(min = 0, max = 3) int widthIndex) {
    Random rnd = new Random(seed);
    Ratio width = FoldFixtures.WIDTHS.get(widthIndex);
    SlicePlan plan = FoldFixtures.plan(MLP, width);
    Model values = FoldFixtures.random(MLP.names(), plan.slicedShapes(), rnd);
    WeightedSum s = new WeightedSum(WeightedSum.layoutOf(MLP));
    Reference coverage = new Reference(MLP);
    coverage.add(values, 1);
    for (int i = 0; i < copies; i++) {
      s.add(UpdateData.of(values), 0.1 + 5 * rnd.nextDouble(), plan);
    }
    float[] mean = FoldFixtures.flat(s.mean());
    for (int p = 0; p < mean.length; p++) {
      // Only the update's own value: the reference of one copy at weight 1 is that value, or 0.
      assertThat(mean[p]).as("parameter %d", p).isEqualTo((float) coverage.sum[p]);
    }
  }

  @Property(tries = 100)
  void twoUpdatesAverageInProportionToTheirWeights(
      @ForAll long seed,
      @ForAll @DoubleRange(min = 0.01, max = 100) double wa,
      @ForAll @DoubleRange(min = 0.01, max = 100) double wb) {
    Random rnd = new Random(seed);
    Model a = FoldFixtures.random(MLP.names(), MLP.shapes(), rnd);
    Model b = FoldFixtures.random(MLP.names(), MLP.shapes(), rnd);
    WeightedSum s = new WeightedSum(WeightedSum.layoutOf(MLP));
    s.add(UpdateData.of(a), wa);
    s.add(UpdateData.of(b), wb);
    float[] fa = FoldFixtures.flat(a);
    float[] fb = FoldFixtures.flat(b);
    float[] mean = FoldFixtures.flat(s.mean());
    for (int p = 0; p < mean.length; p++) {
      double want = (wa * fa[p] + wb * fb[p]) / (wa + wb);
      assertThat((double) mean[p]).isCloseTo(want, floatRounding(want));
    }
    assertThat(s.totalWeight()).isEqualTo(wa + wb);
  }

  /** What casting a double mean to float may lose, with margin: 1e-6 relative. */
  private static org.assertj.core.data.Offset<Double> floatRounding(double x) {
    return org.assertj.core.data.Offset.offset(1e-6 * Math.max(1e-3, Math.abs(x)));
  }

  /** Equal up to summation order: 1e-9 relative (absolute below 1). */
  private static org.assertj.core.data.Offset<Double> withinRel(double x) {
    return org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(x)));
  }
}
