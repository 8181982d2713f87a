package io.fleetlearn.aggregation.robust;

import static io.fleetlearn.aggregation.robust.Fixtures.flat;
import static io.fleetlearn.aggregation.robust.Fixtures.model;
import static io.fleetlearn.aggregation.robust.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormBoundingTest {
  static final Model GLOBAL = model(0, 0, 0);

  /** The plain unweighted mean, so that what the inner strategy saw can be read off the result. */
  static final TrimmedMean MEAN = new TrimmedMean(0, 1, 1);

  @Test
  void updateAboveTheBoundIsScaledToItAndOneWithinIsUntouched() {
    ClippingRound round = new NormBounding(2.5, MEAN).beginTrain(1, GLOBAL, null);
    // ||(3, 4, 0)|| = 5 -> scale 0.5 -> (1.5, 2, 0); ||(0, 0, 1)|| = 1 stays.
    assertThat(round.offer(result("d1", 1, 3, 4, 0))).isEqualTo(Verdict.accepted(1));
    assertThat(round.offer(result("d2", 1, 0, 0, 1))).isEqualTo(Verdict.accepted(1));
    assertThat(flat(round.finish(List.of()).get())).containsExactly(0.75f, 1f, 0.5f);
    assertThat(round.clipped()).isEqualTo(1);
    assertThat(round.scales()).containsExactly(entry("d1", 0.5), entry("d2", 1.0));
  }

  @Test
  void scaledUpdateHasTheBoundAsItsNorm() {
    SplittableRandom r = new SplittableRandom(5);
    float[] big = new float[101];
    for (int i = 0; i < big.length; i++) {
      big[i] = (float) (r.nextGaussian() * 10);
    }
    ClippingRound round = new NormBounding(3, MEAN).beginTrain(1, model(new float[101]), null);
    round.offer(result("d1", 1, big));
    float[] got = flat(round.finish(List.of()).get());
    double sq = 0;
    for (float v : got) {
      sq += (double) v * v;
    }
    assertThat(Math.sqrt(sq)).isCloseTo(3, org.assertj.core.api.Assertions.within(1e-5));
  }

  @Test
  void sparseUpdatesAreMeasuredAndScaledByTheirKeptValues() {
    UpdateData sparse =
        new UpdateData() {
          @Override
          public List<TensorInfo> tensors() {
            return List.of(new TensorInfo("w", Shape.of(2)), new TensorInfo("b", Shape.of(1)));
          }

          @Override
          public void visit(SectionSink sink) {
            sink.sparse(0, tensors().get(0), new int[] {1}, new float[] {-6}, 1);
            sink.sparse(1, tensors().get(1), new int[] {0}, new float[] {8}, 1);
          }
        };
    ClippingRound round = new NormBounding(5, MEAN).beginTrain(1, GLOBAL, null);
    round.offer(TrainResult.of("d1", 1, 1, sparse));
    assertThat(flat(round.finish(List.of()).get())).containsExactly(0, -3, 4);
    assertThat(round.scales()).containsExactly(entry("d1", 0.5));
  }

  @Test
  void nonFiniteUpdateIsRefusedBeforeTheInnerStrategySeesIt() {
    ClippingRound round = new NormBounding(1, MEAN).beginTrain(1, GLOBAL, null);
    Verdict v = round.offer(result("d1", 1, Float.POSITIVE_INFINITY, 0, 0));
    assertThat(v.accepted()).isFalse();
    assertThat(v.reason()).contains("d1 has a non-finite norm").endsWith("update refused");
    assertThat(round.accepted()).isZero();
    assertThat(round.scales()).isEmpty();
  }

  @Test
  void innerRefusalIsPassedOnAndNotCounted() {
    ClippingRound round = new NormBounding(1, MEAN).beginTrain(1, GLOBAL, null);
    Verdict v = round.offer(result("d1", 2, 3, 4, 0));
    assertThat(v.reason()).contains("is for round 2");
    assertThat(round.clipped()).isZero();
    assertThat(round.finish(List.of())).isEmpty();
    assertThat(((RobustRound) round.inner()).refusal()).isPresent();
  }

  @Test
  void samplingIsTheInnerStrategys() {
    NormBounding nb = new NormBounding(1, new CoordinateMedian(0.5, 1));
    List<String> ids = List.of("a", "b", "c", "d");
    assertThat(nb.configureTrain(1, ids, new SplittableRandom(3)))
        .isEqualTo(new CoordinateMedian(0.5, 1).configureTrain(1, ids, new SplittableRandom(3)));
  }

  @Test
  void boundMustBePositiveAndFinite() {
    assertThatThrownBy(() -> new NormBounding(0, MEAN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NormBounding(Double.POSITIVE_INFINITY, MEAN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
