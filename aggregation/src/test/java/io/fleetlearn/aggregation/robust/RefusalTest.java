package io.fleetlearn.aggregation.robust;

import static io.fleetlearn.aggregation.robust.Fixtures.flat;
import static io.fleetlearn.aggregation.robust.Fixtures.model;
import static io.fleetlearn.aggregation.robust.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every check runs before an update is buffered: a refused update changes nothing. */
class RefusalTest {
  static final Model GLOBAL = model(0, 0, 0);

  /** Offers one good update, then {@code bad}; the result must be the good update alone. */
  private static Verdict refusedAfterOneGood(TrainResult bad) {
    RobustRound round = new CoordinateMedian(1, 1).beginTrain(7, GLOBAL, null);
    assertThat(round.offer(result("d1", 7, 1, 2, 3))).isEqualTo(Verdict.accepted(1));
    Verdict v = round.offer(bad);
    assertThat(v.accepted()).isFalse();
    assertThat(v.weight()).isZero();
    assertThat(v.reason()).endsWith("refused");
    assertThat(round.accepted()).isEqualTo(1);
    assertThat(flat(round.finish(List.of()).get())).containsExactly(1, 2, 3);
    return v;
  }

  @Test
  void updateForAnotherRoundIsRefused() {
    assertThat(refusedAfterOneGood(result("d2", 6, 9, 9, 9)).reason())
        .isEqualTo("update from d2 is for round 6, this is round 7; update refused");
  }

  @Test
  void secondUpdateFromTheSameDeviceIsRefused() {
    assertThat(refusedAfterOneGood(result("d1", 7, 9, 9, 9)).reason())
        .contains("d1 is its second this round");
  }

  @Test
  void narrowUpdateIsRefusedWithTheReason() {
    TrainResult narrow =
        new TrainResult("d2", 7, 7, 10, Ratio.parse("50%"), UpdateData.of(model(9, 9)), Map.of());
    assertThat(refusedAfterOneGood(narrow).reason())
        .contains("width 50%")
        .contains("robust aggregation needs full-width updates");
  }

  @Test
  void updateWithAnotherLayoutIsRefused() {
    assertThat(refusedAfterOneGood(result("d2", 7, 9, 9)).reason())
        .contains("tensor 0 w [1], expected w [2]");
    Model renamed = Model.of(Tensor.of("v", Shape.of(2), new float[2]), GLOBAL.tensor(1).copy());
    assertThat(refusedAfterOneGood(TrainResult.of("d3", 7, 1, UpdateData.of(renamed))).reason())
        .contains("expected w");
    Model one = Model.of(Tensor.of("w", Shape.of(3), new float[3]));
    assertThat(refusedAfterOneGood(TrainResult.of("d4", 7, 1, UpdateData.of(one))).reason())
        .contains("has 1 tensors, the model has 2");
  }

  @Test
  void nonFiniteValuesAreRefusedNamingWhere() {
    assertThat(refusedAfterOneGood(result("d2", 7, 0, 0, Float.NaN)).reason())
        .contains("non-finite value (NaN) in b at index 0");
    assertThat(refusedAfterOneGood(result("d3", 7, 0, Float.NEGATIVE_INFINITY, 0)).reason())
        .contains("non-finite value (-Infinity) in w at index 1");
  }

  @Test
  void sparseIndexOutsideTheTensorIsRefused() {
    UpdateData bad =
        new UpdateData() {
          @Override
          public List<TensorInfo> tensors() {
            return List.of(new TensorInfo("w", Shape.of(2)), new TensorInfo("b", Shape.of(1)));
          }

          @Override
          public void visit(SectionSink sink) {
            sink.sparse(0, tensors().get(0), new int[] {5}, new float[] {1}, 1);
            sink.dense(1, tensors().get(1), new float[] {1}, 0);
          }
        };
    assertThat(refusedAfterOneGood(TrainResult.of("d2", 7, 1, bad)).reason())
        .contains("index 5 in w of size 2");
  }

  @Test
  void sparseUpdateInsideTheTensorIsAccepted() {
    UpdateData sparse =
        new UpdateData() {
          @Override
          public List<TensorInfo> tensors() {
            return List.of(new TensorInfo("w", Shape.of(2)), new TensorInfo("b", Shape.of(1)));
          }

          @Override
          public void visit(SectionSink sink) {
            sink.sparse(0, tensors().get(0), new int[] {1}, new float[] {4}, 1);
            sink.sparse(1, tensors().get(1), new int[0], new float[0], 0);
          }
        };
    RobustRound round = new CoordinateMedian(1, 1).beginTrain(7, GLOBAL, null);
    assertThat(round.offer(TrainResult.of("d1", 7, 1, sparse)).accepted()).isTrue();
    assertThat(flat(round.finish(List.of()).get())).containsExactly(0, 4, 0);
  }
}
