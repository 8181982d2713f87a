package io.fleetlearn.aggregation.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.tensor.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Partial aggregates are additive: however updates are split between coordinators and merged, the
 * result is that of one sum of all of them.
 */
class PartialAggregateProperties {
  private static final Model MLP = FoldFixtures.mlp();

  @Property(tries = 60)
  void anySplitMergedInAnyOrderEqualsOneSumOfAll(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 10) int count,
      @ForAll @IntRange(min = 1, max = 5) int shards) {
    Random rnd = new Random(seed);
    List<FoldFixtures.Item> items = FoldFixtures.randomItems(MLP, count, rnd);
    WeightedSum all = new WeightedSum(WeightedSum.layoutOf(MLP));
    items.forEach(it -> it.foldInto(all));

    List<PartialAggregate> parts = split(items, shards, rnd);
    WeightedSum merged = new WeightedSum(WeightedSum.layoutOf(MLP));
    parts.forEach(merged::merge);

    assertClose(merged.snapshot(), all.snapshot());
    assertThat(merged.updates()).isEqualTo(count);
  }

  @Property(tries = 40)
  void partialAggregateMergeEqualsWeightedSumMerge(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 10) int count,
      @ForAll @IntRange(min = 1, max = 5) int shards) {
    Random rnd = new Random(seed);
    List<PartialAggregate> parts = split(FoldFixtures.randomItems(MLP, count, rnd), shards, rnd);
    PartialAggregate chained = parts.get(0);
    WeightedSum merged = new WeightedSum(WeightedSum.layoutOf(MLP));
    merged.merge(parts.get(0));
    for (PartialAggregate p : parts.subList(1, parts.size())) {
      chained = chained.merge(p);
      merged.merge(p);
    }
    PartialAggregate expected = merged.snapshot();
    assertThat(chained.sum()).containsExactly(expected.sum());
    assertThat(chained.totalWeight()).isEqualTo(expected.totalWeight());
    assertThat(chained.fullWeight()).isEqualTo(expected.fullWeight());
    assertThat(chained.updates()).isEqualTo(expected.updates());
    assertThat(chained.mean().contentEquals(expected.mean())).isTrue();
  }

  /** Deals the updates to {@code shards} sums at random, snapshots them, and shuffles the parts. */
  private static List<PartialAggregate> split(
      List<FoldFixtures.Item> items, int shards, Random rnd) {
    List<WeightedSum> sums = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      sums.add(new WeightedSum(WeightedSum.layoutOf(MLP)));
    }
    for (FoldFixtures.Item it : items) {
      it.foldInto(sums.get(rnd.nextInt(shards)));
    }
    List<PartialAggregate> parts = new ArrayList<>();
    sums.forEach(s -> parts.add(s.snapshot()));
    Collections.shuffle(parts, rnd);
    return parts;
  }

  /** Equal up to summation order: relative 1e-9 of the magnitude, per parameter. */
  static void assertClose(PartialAggregate got, PartialAggregate want) {
    double[] g = got.sum();
    double[] w = want.sum();
    assertThat(g).hasSameSizeAs(w);
    for (int p = 0; p < w.length; p++) {
      assertThat(Math.abs(g[p] - w[p])).as("sum at %d", p).isLessThanOrEqualTo(tol(w[p]));
      double gw = got.weightAt(p);
      double ww = want.weightAt(p);
      assertThat(Math.abs(gw - ww)).as("weight at %d", p).isLessThanOrEqualTo(tol(ww));
    }
    assertThat(Math.abs(got.totalWeight() - want.totalWeight()))
        .isLessThanOrEqualTo(tol(want.totalWeight()));
  }

  private static double tol(double x) {
    return 1e-9 * Math.max(1, Math.abs(x));
  }
}
