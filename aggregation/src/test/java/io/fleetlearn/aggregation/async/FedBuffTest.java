package io.fleetlearn.aggregation.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FedBuffTest {

  private static Model vec(float... v) {
    return Model.of(Tensor.of("w", Shape.of(v.length), v));
  }

  private static TrainResult result(String id, long base, long samples, Model delta) {
    return new TrainResult(
        id, 0, base, samples, new Ratio(Ratio.ONE), UpdateData.of(delta), Map.of());
  }

  private static FedBuff fedBuff(Model initial, FedBuffConfig config) {
    return new FedBuff(new GlobalModel(0, initial), null, config);
  }

  private static double at(GlobalModel g, int i) {
    return g.model().tensor(0).get(i);
  }

  @Test
  void twoBuffersFollowTheHandComputedTrajectory() {
    FedBuff fb = fedBuff(vec(1, 2, 3), FedBuffConfig.of(2, 5).withServerLearningRate(0.5));

    Outcome first = fb.offer(result("d1", 0, 1, vec(2, 0, -2)));
    assertThat(first.published()).isEmpty();
    Outcome second = fb.offer(result("d2", 0, 3, vec(4, 4, 0)));
    // Both fresh (w = 1): mean = (1*(2,0,-2) + 3*(4,4,0)) / 4 = (3.5, 3, -0.5); step 0.5.
    GlobalModel v1 = second.published().orElseThrow();
    assertThat(v1.version()).isEqualTo(1);
    assertThat(new double[] {at(v1, 0), at(v1, 1), at(v1, 2)})
        .containsExactly(1 + 0.5 * 3.5, 2 + 0.5 * 3, 3 + 0.5 * -0.5);

    // d3 trained on version 0, one behind: w = 1/sqrt(2). d1 trained on version 1.
    Outcome stale = fb.offer(result("d3", 0, 2, vec(1, 1, 1)));
    assertThat(stale.verdict().weight()).isCloseTo(2 / Math.sqrt(2), within(1e-12));
    GlobalModel v2 = fb.offer(result("d1", 1, 2, vec(0, 2, 4))).published().orElseThrow();
    double r = 1 / Math.sqrt(2);
    double[] mean = {(2 * r * 1 + 2 * 0) / 4, (2 * r * 1 + 2 * 2) / 4, (2 * r * 1 + 2 * 4) / 4};
    assertThat(v2.version()).isEqualTo(2);
    for (int i = 0; i < 3; i++) {
      assertThat(at(v2, i)).isCloseTo(at(v1, i) + 0.5 * mean[i], within(1e-6));
    }
    assertThat(fb.current()).isSameAs(v2);
    // Version 1's model was published and is not modified by the next step.
    assertThat(at(v1, 0)).isEqualTo(2.75);
  }

  @Test
  void versionIncrementsEveryKAcceptedUpdates() {
    FedBuff fb = fedBuff(vec(0, 0), FedBuffConfig.of(3, 10));
    for (int i = 1; i <= 7; i++) {
      Outcome o = fb.offer(result("d" + i, fb.current().version(), 1, vec(1, 1)));
      assertThat(o.verdict().accepted()).isTrue();
      assertThat(o.published().isPresent()).as("update %d", i).isEqualTo(i % 3 == 0);
      assertThat(fb.current().version()).isEqualTo(i / 3);
      assertThat(fb.buffered()).isEqualTo(i % 3);
    }
    // Refusals do not count towards K.
    assertThat(fb.offer(result("d1", 99, 1, vec(1, 1))).verdict().accepted()).isFalse();
    assertThat(fb.buffered()).isEqualTo(1);
  }

  @Test
  void updateFromTheFutureIsRefused() {
    FedBuff fb = fedBuff(vec(0), FedBuffConfig.of(2, 3));
    Outcome o = fb.offer(result("d-4", 5, 1, vec(1)));
    assertThat(o.verdict().accepted()).isFalse();
    assertThat(o.verdict().reason())
        .isEqualTo("update from d-4 was trained on version 5, the newest is 0; update refused");
    assertThat(o.published()).isEmpty();
    assertThat(fb.buffered()).isZero();
  }

  @Test
  void updateBeyondTheStalenessBoundIsRefused() {
    FedBuff fb = fedBuff(vec(0), FedBuffConfig.of(1, 1));
    fb.offer(result("a", 0, 1, vec(1)));
    fb.offer(result("b", 1, 1, vec(1)));
    fb.offer(result("c", 2, 1, vec(1)));
    assertThat(fb.current().version()).isEqualTo(3);
    assertThat(fb.offer(result("d-17", 1, 1, vec(1))).verdict().reason())
        .isEqualTo("update from d-17 is 2 versions stale, the bound is 1; update refused");
    assertThat(fb.offer(result("d-18", 2, 1, vec(1))).verdict().accepted()).isTrue();
  }

  @Test
  void secondUpdateOfADeviceInOneBufferIsRefusedButAllowedInTheNext() {
    FedBuff fb = fedBuff(vec(0), FedBuffConfig.of(2, 3));
    fb.offer(result("d-2", 0, 1, vec(1)));
    assertThat(fb.offer(result("d-2", 0, 1, vec(7))).verdict().reason())
        .contains("d-2")
        .contains("second in this buffer")
        .endsWith("update refused");
    fb.offer(result("d-3", 0, 1, vec(3)));
    assertThat(at(fb.current(), 0)).isEqualTo(2f);
    assertThat(fb.offer(result("d-2", 1, 1, vec(1))).verdict().accepted()).isTrue();
  }

  @Test
  void wrongLayoutNonFiniteValuesAndZeroWeightAreRefusedBeforeFolding() {
    FedBuff fb = fedBuff(vec(0, 0), FedBuffConfig.of(2, 3));
    assertThat(fb.offer(result("d-1", 0, 1, vec(1, 2, 3))).verdict().reason())
        .isEqualTo(
            "update from d-1 has tensor 0 w of shape [3], expected w of shape [2]; update refused");
    assertThat(fb.offer(result("d-1", 0, 1, vec(1, Float.NaN))).verdict().reason())
        .isEqualTo("update from d-1 has NaN at w[1]; every value must be finite; update refused");
    assertThat(fb.offer(result("d-1", 0, 0, vec(1, 1))).verdict().reason())
        .contains("weighs 0.0 (0 samples)")
        .endsWith("update refused");
    assertThat(fb.buffered()).isZero();
    fb.offer(result("d-1", 0, 1, vec(2, 2)));
    fb.offer(result("d-2", 0, 1, vec(4, 4)));
    // Nothing of the refused updates reached the mean.
    assertThat(new double[] {at(fb.current(), 0), at(fb.current(), 1)}).containsExactly(3, 3);
  }

  @Test
  void narrowUpdateWithoutALayerChainIsRefused() {
    FedBuff fb = fedBuff(vec(0, 0), FedBuffConfig.of(2, 3));
    TrainResult narrow =
        new TrainResult("d-9", 0, 0, 1, Ratio.of(0.5), UpdateData.of(vec(1)), Map.of());
    assertThat(fb.offer(narrow).verdict().reason())
        .isEqualTo(
            "update from d-9 has width 50%, but no layer chain was given to place it;"
                + " update refused");
  }

  @Test
  void equallyStaleBufferMovesTheModelByTheDampedStep() {
    FedBuff fb = fedBuff(vec(0, 0), FedBuffConfig.of(1, 10));
    for (int i = 0; i < 3; i++) {
      fb.offer(result("warm" + i, i, 1, vec(0, 0)));
    }
    FedBuff k2 = new FedBuff(fb.current(), null, FedBuffConfig.of(2, 10));
    k2.offer(result("a", 0, 5, vec(8, -4)));
    GlobalModel g = k2.offer(result("b", 0, 1, vec(8, -4))).published().orElseThrow();
    // Both 3 versions stale: w(3) = 1/sqrt(4) = 1/2, and the mean of equal updates is halved.
    assertThat(new double[] {at(g, 0), at(g, 1)}).containsExactly(4, -2);
  }

  @Test
  void narrowAndFullUpdatesAverageOverTheUpdatesCoveringEachParameter() {
    Model full =
        Model.of(
            Tensor.of("h.w", Shape.of(4, 2), new float[8]),
            Tensor.of("o.w", Shape.of(1, 4), new float[4]));
    LayerChain chain = LayerChain.sequential(full);
    FedBuff fb = new FedBuff(new GlobalModel(0, full), chain, FedBuffConfig.of(2, 3));
    SlicePlan half = SlicePlan.of(chain, full.names(), full.shapes(), Ratio.of(0.5));
    Model narrow =
        Model.of(
            Tensor.of("h.w", half.slicedShape(0), new float[] {2, 2, 2, 2}),
            Tensor.of("o.w", half.slicedShape(1), new float[] {2, 2}));
    Model wide =
        Model.of(
            Tensor.of("h.w", Shape.of(4, 2), new float[] {4, 4, 4, 4, 4, 4, 4, 4}),
            Tensor.of("o.w", Shape.of(1, 4), new float[] {4, 4, 4, 4}));
    Outcome n =
        fb.offer(new TrainResult("n", 0, 0, 3, Ratio.of(0.5), UpdateData.of(narrow), Map.of()));
    assertThat(n.verdict().accepted()).as(n.verdict().reason()).isTrue();
    GlobalModel g = fb.offer(result("f", 0, 1, wide)).published().orElseThrow();
    // Rows 0-1 of h.w and inputs 0-1 of o.w: (3*2 + 1*4)/4 = 2.5; the rest only the wide one's 4.
    assertThat(g.model().tensor("h.w").toArray())
        .containsExactly(2.5f, 2.5f, 2.5f, 2.5f, 4f, 4f, 4f, 4f);
    assertThat(g.model().tensor("o.w").toArray()).containsExactly(2.5f, 2.5f, 4f, 4f);
  }

  @Test
  void narrowUpdateOfTheWrongSliceIsRefusedNamingTheTensor() {
    Model full =
        Model.of(
            Tensor.of("h.w", Shape.of(4, 2), new float[8]),
            Tensor.of("o.w", Shape.of(1, 4), new float[4]));
    FedBuff fb =
        new FedBuff(new GlobalModel(0, full), LayerChain.sequential(full), FedBuffConfig.of(2, 3));
    TrainResult r = new TrainResult("d-5", 0, 0, 1, Ratio.of(0.5), UpdateData.of(full), Map.of());
    assertThat(fb.offer(r).verdict().reason())
        .isEqualTo(
            "update from d-5 at width 50% has tensor 0 h.w of shape [4, 2], expected h.w of"
                + " shape [2, 2]; update refused");
  }

  @Test
  void theCallersInitialModelIsCopied() {
    Model initial = vec(1, 1);
    FedBuff fb = fedBuff(initial, FedBuffConfig.of(1, 1));
    initial.tensor(0).set(0, 100);
    assertThat(at(fb.current(), 0)).isEqualTo(1);
  }
}
