package io.fleetlearn.aggregation.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.fold.WeightedSum;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class FedBuffProperties {

  private static Model random(Random rnd) {
    Model m = Model.flatZeros(List.of("a.w", "a.b"), List.of(Shape.of(5, 3), Shape.of(5)));
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        t.set(i, (float) (4 * rnd.nextDouble() - 2));
      }
    }
    return m;
  }

  /** With no damping and fresh updates, one full buffer is one FedAvg step (η = 1). */
  @Property(tries = 100)
  void fullBufferOfFreshUpdatesWithConstantWeightIsFedAvg(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n) {
    Random rnd = new Random(seed);
    Model global = random(rnd);
    List<TrainResult> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(
          new TrainResult(
              "d" + i,
              0,
              7,
              1 + rnd.nextInt(500),
              new Ratio(Ratio.ONE),
              UpdateData.of(random(rnd)),
              Map.of()));
    }
    FedBuff fb =
        new FedBuff(
            new GlobalModel(7, global),
            null,
            FedBuffConfig.of(n, 0).withStaleness(StalenessWeight.constant()));
    Outcome last = null;
    for (TrainResult r : results) {
      assertThat(fb.buffered()).isEqualTo(results.indexOf(r));
      last = fb.offer(r);
    }
    GlobalModel next = last.published().orElseThrow();

    WeightedSum fedAvg = new WeightedSum(WeightedSum.layoutOf(global));
    for (TrainResult r : results) {
      fedAvg.add(r.delta(), r.samples());
    }
    Model mean = fedAvg.mean();
    assertThat(next.version()).isEqualTo(8);
    for (int t = 0; t < global.size(); t++) {
      for (int i = 0; i < global.tensor(t).size(); i++) {
        double want = global.tensor(t).get(i) + (double) mean.tensor(t).get(i);
        assertThat((double) next.model().tensor(t).get(i))
            .isCloseTo(
                want, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(want))));
      }
    }
  }

  /** Arrival order within a buffer does not change the published model beyond rounding. */
  @Property(tries = 50)
  void orderWithinABufferDoesNotMatter(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
    Random rnd = new Random(seed);
    Model global = random(rnd);
    List<TrainResult> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(
          new TrainResult(
              "d" + i,
              0,
              10 - rnd.nextInt(4),
              1 + rnd.nextInt(50),
              new Ratio(Ratio.ONE),
              UpdateData.of(random(rnd)),
              Map.of()));
    }
    List<TrainResult> shuffled = new ArrayList<>(results);
    Collections.shuffle(shuffled, rnd);
    Model a = run(global, results);
    Model b = run(global, shuffled);
    for (int t = 0; t < a.size(); t++) {
      for (int i = 0; i < a.tensor(t).size(); i++) {
        assertThat(a.tensor(t).get(i))
            .isCloseTo(b.tensor(t).get(i), org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  private static Model run(Model global, List<TrainResult> results) {
    FedBuff fb =
        new FedBuff(new GlobalModel(10, global), null, FedBuffConfig.of(results.size(), 5));
    Outcome o = null;
    for (TrainResult r : results) {
      o = fb.offer(r);
      assertThat(o.verdict().accepted()).as(o.verdict().reason()).isTrue();
    }
    return o.published().orElseThrow().model();
  }
}
