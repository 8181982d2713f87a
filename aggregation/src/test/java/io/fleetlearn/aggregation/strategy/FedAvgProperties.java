package io.fleetlearn.aggregation.strategy;

import static io.fleetlearn.aggregation.strategy.TestModels.PARAMS;
import static io.fleetlearn.aggregation.strategy.TestModels.flat;
import static io.fleetlearn.aggregation.strategy.TestModels.model;
import static io.fleetlearn.aggregation.strategy.TestModels.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.fold.PartialAggregate;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.compression.tensor.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class FedAvgProperties {
  static final Model GLOBAL = model(0.5, -1, 2, 0, 3, -4, 1, 1);

  static List<TrainResult> updates(long seed, int n) {
    Random rng = new Random(seed);
    List<TrainResult> out = new ArrayList<>();
    for (int d = 0; d < n; d++) {
      double[] delta = new double[PARAMS];
      for (int p = 0; p < PARAMS; p++) {
        delta[p] = rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 2);
      }
      out.add(result("d-" + d, 1, 1 + rng.nextInt(5000), delta));
    }
    return out;
  }

  static double[] aggregate(List<TrainResult> results) {
    return flat(
        TestModels.plain().aggregateTrain(1, GLOBAL, null, results, List.of()).orElseThrow());
  }

  static void closeTo(double[] actual, double[] expected, double rel) {
    for (int p = 0; p < expected.length; p++) {
      assertThat(actual[p])
          .isCloseTo(
              expected[p], org.assertj.core.data.Offset.offset(rel * (1 + Math.abs(expected[p]))));
    }
  }

  @Property(tries = 50)
  void theOrderOfUpdatesDoesNotMatter(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n) {
    List<TrainResult> results = updates(seed, n);
    List<TrainResult> shuffled = new ArrayList<>(results);
    Collections.shuffle(shuffled, new Random(seed + 1));
    // Float output: equal up to the last bit of the double sums' rounding order.
    closeTo(aggregate(shuffled), aggregate(results), 1e-6);
  }

  @Property(tries = 50)
  void identicalUpdatesGiveThatUpdate(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int n) {
    TrainResult one = updates(seed, 1).get(0);
    List<TrainResult> copies = new ArrayList<>();
    Random rng = new Random(seed);
    for (int d = 0; d < n; d++) {
      copies.add(
          new TrainResult(
              "c-" + d, 1, 1, 1 + rng.nextInt(100), one.width(), one.delta(), one.metrics()));
    }
    double[] expected = new double[PARAMS];
    double[] g = flat(GLOBAL);
    double[] delta = flat(model(flatDelta(one)));
    for (int p = 0; p < PARAMS; p++) {
      expected[p] = (float) ((float) g[p] + delta[p]);
    }
    closeTo(aggregate(copies), expected, 1e-6);
  }

  @Property(tries = 50)
  void weightsAreRespected(
      @ForAll @LongRange(min = 1, max = 100_000) long a,
      @ForAll @LongRange(min = 1, max = 100_000) long b) {
    double[] zero = new double[PARAMS];
    double[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
    double[] next =
        flat(
            TestModels.plain()
                .aggregateTrain(
                    1,
                    model(zero),
                    null,
                    List.of(result("a", 1, a, zero), result("b", 1, b, ones)),
                    List.of())
                .orElseThrow());
    assertThat(next[3]).isEqualTo((float) ((double) b / (a + b)));
  }

  @Property(tries = 50)
  void anySplitIntoPartialAggregatesMergesToTheWhole(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 12) int n,
      @ForAll @IntRange(min = 1, max = 5) int k) {
    List<TrainResult> results = updates(seed, n);
    Random rng = new Random(seed);
    FedAvg s = TestModels.plain();
    List<FedAvgRound> shards = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      shards.add(s.beginTrain(1, GLOBAL, null));
    }
    FedAvgRound whole = s.beginTrain(1, GLOBAL, null);
    for (TrainResult r : results) {
      shards.get(rng.nextInt(k)).offer(r);
      whole.offer(r);
    }
    FedAvgRound merged = shards.get(0);
    for (int i = 1; i < k; i++) {
      merged.merge(shards.get(i).partial());
    }
    PartialAggregate m = merged.partial();
    PartialAggregate w = whole.partial();
    assertThat(m.updates()).isEqualTo(n);
    assertThat(m.totalWeight()).isEqualTo(w.totalWeight());
    for (int p = 0; p < PARAMS; p++) {
      assertThat(m.sum()[p])
          .isCloseTo(
              w.sum()[p], org.assertj.core.data.Offset.offset(1e-9 * Math.abs(w.sum()[p]) + 1e-12));
    }
    closeTo(
        flat(merged.finish(List.of()).orElseThrow()),
        flat(whole.finish(List.of()).orElseThrow()),
        1e-6);
  }

  static double[] flatDelta(TrainResult r) {
    double[] out = new double[PARAMS];
    int[] at = {0};
    r.delta()
        .visit(
            new io.fleetlearn.compression.pipeline.SectionSink() {
              @Override
              public void dense(
                  int t, io.fleetlearn.compression.frame.TensorInfo info, float[] v, int off) {
                for (int i = 0; i < info.shape().size(); i++) {
                  out[at[0]++] = v[off + i];
                }
              }

              @Override
              public void sparse(
                  int t,
                  io.fleetlearn.compression.frame.TensorInfo info,
                  int[] idx,
                  float[] v,
                  int c) {
                throw new AssertionError("dense test updates only");
              }
            });
    return out;
  }
}
