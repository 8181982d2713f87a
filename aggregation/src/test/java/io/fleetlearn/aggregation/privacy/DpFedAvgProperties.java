package io.fleetlearn.aggregation.privacy;

import static io.fleetlearn.aggregation.privacy.Updates.dense;
import static io.fleetlearn.aggregation.privacy.Updates.flat;
import static io.fleetlearn.aggregation.privacy.Updates.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.compression.tensor.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class DpFedAvgProperties {
  private static final Model GLOBAL = model(0.5f, -1, 2, 0, 3, -4, 1, 1, 1);

  @Provide
  Arbitrary<List<float[]>> updates() {
    return Arbitraries.floats()
        .between(-10, 10)
        .array(float[].class)
        .ofSize(9)
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }

  private static DpFedAvg strategy(double z) {
    return new DpFedAvg(new DpSettings(0.2, 20, 3.0, z, 0.8, 1e-5), new SplittableRandom(42));
  }

  private static Model run(DpFedAvg dp, List<float[]> us, List<Long> samples) {
    List<TrainResult> results = new ArrayList<>();
    for (int i = 0; i < us.size(); i++) {
      results.add(TrainResult.of("d-" + i, 1, samples.get(i), dense(us.get(i))));
    }
    return dp.aggregateTrain(1, GLOBAL, null, results, List.of()).orElseThrow();
  }

  private static List<Long> ones(int n) {
    return new ArrayList<>(Collections.nCopies(n, 1L));
  }

  @Property(tries = 50)
  void orderOfUpdatesDoesNotMatter(
      @ForAll("updates") List<float[]> us, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    List<float[]> shuffled = new ArrayList<>(us);
    Collections.shuffle(shuffled, new Random(seed));

    // The noise is drawn at finish from the same seed, so it is the same in both runs.
    double[] a = flat(run(strategy(1.0), us, ones(us.size())));
    double[] b = flat(run(strategy(1.0), shuffled, ones(us.size())));

    assertThat(b).containsExactly(a, within(1e-5));
  }

  @Property(tries = 50)
  void identicalUpdatesOfAllExpectedParticipantsGiveThatUpdate(
      @ForAll("updates") List<float[]> us, @ForAll @IntRange(min = 1, max = 6) int k) {
    float[] u = us.get(0);
    // qN = 0.5 × 2k = k devices each sending u: the noiseless estimate is the clipped u itself.
    DpFedAvg dp =
        new DpFedAvg(new DpSettings(0.5, 2L * k, 3.0, 0, 1, 1e-5), new SplittableRandom(1));
    List<float[]> same = new ArrayList<>(Collections.nCopies(k, u));

    double[] got = flat(run(dp, same, ones(k)));

    double scale = Math.min(1, 3.0 / Updates.norm(u));
    double[] g = flat(GLOBAL);
    for (int p = 0; p < 9; p++) {
      assertThat(got[p]).isCloseTo(g[p] + scale * u[p], within(1e-5));
    }
  }

  @Property(tries = 50)
  void claimedSampleCountsDoNotWeighUpdates(
      @ForAll("updates") List<float[]> us, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    // Uniform weights bound each device's influence by S whatever it claims.
    Random r = new Random(seed);
    List<Long> claims = new ArrayList<>();
    for (int i = 0; i < us.size(); i++) {
      claims.add((long) r.nextInt(1_000_000));
    }

    double[] claimed = flat(run(strategy(0.5), us, claims));
    double[] uniform = flat(run(strategy(0.5), us, ones(us.size())));

    assertThat(claimed).containsExactly(uniform, within(0.0));
  }
}
