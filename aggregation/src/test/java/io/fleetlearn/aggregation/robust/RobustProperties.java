package io.fleetlearn.aggregation.robust;

import static io.fleetlearn.aggregation.robust.Fixtures.flat;
import static io.fleetlearn.aggregation.robust.Fixtures.model;
import static io.fleetlearn.aggregation.robust.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.strategy.Strategy;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.compression.tensor.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class RobustProperties {

  static float[][] honest(SplittableRandom r, int n, int params) {
    float[][] rows = new float[n][params];
    for (float[] row : rows) {
      for (int p = 0; p < params; p++) {
        row[p] = (float) r.nextDouble(-1, 1);
      }
    }
    return rows;
  }

  /** Outliers with every coordinate of magnitude in [1e3, 1e30], either sign. */
  static float[][] outliers(SplittableRandom r, int f, int params) {
    float[][] rows = new float[f][params];
    for (float[] row : rows) {
      for (int p = 0; p < params; p++) {
        row[p] = (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(3, 30)));
      }
    }
    return rows;
  }

  static List<TrainResult> results(float[][] rows) {
    List<TrainResult> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      out.add(result("d" + i, 1, rows[i]));
    }
    return out;
  }

  static float[] run(Strategy s, Model global, List<TrainResult> results) {
    return flat(s.aggregateTrain(1, global, null, results, List.of()).get());
  }

  static List<Strategy> all(int n) {
    int f = Math.max(0, (n - 3) / 2);
    return List.of(
        new CoordinateMedian(1, 1),
        new TrimmedMean(0.2, 1, 1),
        new Krum(f, 1, 1),
        new MultiKrum(f, 2, 1, 1));
  }

  @Property(tries = 100)
  void orderOfUpdatesDoesNotMatter(
      @ForAll long seed,
      @ForAll @IntRange(min = 3, max = 12) int n,
      @ForAll @IntRange(min = 1, max = 6) int params) {
    SplittableRandom r = new SplittableRandom(seed);
    List<TrainResult> results = results(honest(r, n, params));
    List<TrainResult> shuffled = new ArrayList<>(results);
    Collections.shuffle(shuffled, new Random(seed));
    Model global = model(honest(r, 1, params)[0]);
    for (Strategy s : all(n)) {
      float[] a = run(s, global, results);
      float[] b = run(s, global, shuffled);
      for (int p = 0; p < params; p++) {
        // Trimmed mean sums the kept values in selection order: equal up to rounding.
        assertThat((double) a[p]).isCloseTo(b[p], org.assertj.core.api.Assertions.within(1e-6));
      }
      if (!(s instanceof TrimmedMean)) {
        assertThat(a).as(s.getClass().getSimpleName()).containsExactly(b);
      }
    }
  }

  @Property(tries = 100)
  void identicalUpdatesGiveThatUpdate(
      @ForAll long seed,
      @ForAll @IntRange(min = 3, max = 12) int n,
      @ForAll @IntRange(min = 1, max = 6) int params) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] one = honest(r, 1, params)[0];
    float[] g = honest(r, 1, params)[0];
    float[][] rows = new float[n][];
    Collections.nCopies(n, one).toArray(rows);
    float[] want = new float[params];
    for (int p = 0; p < params; p++) {
      want[p] = g[p] + one[p];
    }
    for (Strategy s : all(n)) {
      assertThat(run(s, model(g), results(rows)))
          .as(s.getClass().getSimpleName())
          .containsExactly(want);
    }
  }

  @Property(tries = 150)
  void coordinateRulesStayWithinTheHonestRange(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int honestCount,
      @ForAll @IntRange(min = 0, max = 7) int f,
      @ForAll @IntRange(min = 1, max = 5) int params) {
    f = Math.min(f, honestCount - 1);
    int n = honestCount + f;
    SplittableRandom r = new SplittableRandom(seed);
    float[][] good = honest(r, honestCount, params);
    List<TrainResult> all = results(concat(good, outliers(r, f, params)));
    Collections.shuffle(all, new Random(seed));
    Model zero = model(new float[params]);
    float[] median = run(new CoordinateMedian(1, 1), zero, all);
    float[] trimmed = run(new TrimmedMean((double) f / n, 1, 1), zero, all);
    for (int p = 0; p < params; p++) {
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      for (float[] row : good) {
        lo = Math.min(lo, row[p]);
        hi = Math.max(hi, row[p]);
      }
      assertThat(median[p]).isBetween(lo, hi);
      // The mean of kept values in [lo, hi], rounded to float, may leave it by rounding only.
      assertThat(trimmed[p]).isBetween(lo - Math.ulp(lo), hi + Math.ulp(hi));
    }
  }

  @Property(tries = 150)
  void krumChoosesAnHonestUpdate(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 4) int f,
      @ForAll @IntRange(min = 0, max = 4) int spare,
      @ForAll @IntRange(min = 1, max = 5) int params) {
    int honestCount = f + 3 + spare; // n = honest + f > 2f + 2
    SplittableRandom r = new SplittableRandom(seed);
    float[][] good = honest(r, honestCount, params);
    List<TrainResult> all = results(concat(good, outliers(r, f, params)));
    Collections.shuffle(all, new Random(seed));
    RobustRound round = new Krum(f, 1, 1).beginTrain(1, model(new float[params]), null);
    all.forEach(round::offer);
    float[] got = flat(round.finish(List.of()).get());
    int chosen = Integer.parseInt(round.selected().get(0).substring(1));
    assertThat(chosen).isLessThan(honestCount);
    assertThat(got).containsExactly(good[chosen]);
  }

  static float[][] concat(float[][] a, float[][] b) {
    float[][] out = new float[a.length + b.length][];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
