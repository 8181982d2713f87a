package io.fleetlearn.aggregation.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class UpdateChecksTest {
  @Property(tries = 200)
  void allFiniteFindsANonFiniteValueAnywhere(
      @ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 0, max = 299) int at,
      @ForAll @IntRange(min = 0, max = 3) int kind) {
    float[] v = new float[n + 5];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 3 == 0 ? Float.MAX_VALUE : -Float.MIN_VALUE * i;
    }
    float bad =
        new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}[kind];
    assertThat(UpdateChecks.allFinite(v, 2, n)).isTrue();
    v[2 + at % n] = bad;
    assertThat(UpdateChecks.allFinite(v, 2, n)).isFalse();
    // Outside the range it does not count.
    v[2 + at % n] = 0;
    v[1] = bad;
    v[2 + n] = bad;
    assertThat(UpdateChecks.allFinite(v, 2, n)).isTrue();
  }

  @Test
  void nonFiniteNamesTensorAndSparseIndex() {
    List<TensorInfo> layout = List.of(new TensorInfo("e", Shape.of(1000)));
    UpdateData u =
        new UpdateData() {
          @Override
          public List<TensorInfo> tensors() {
            return layout;
          }

          @Override
          public void visit(SectionSink sink) {
            sink.sparse(0, layout.get(0), new int[] {3, 700}, new float[] {1, Float.NaN}, 2);
          }
        };
    assertThat(UpdateChecks.nonFinite("update from d-1", u)).get().asString().contains("e[700]");
  }

  @Test
  void aFailingDecodeIsAReasonNotAnException() {
    UpdateData u =
        new UpdateData() {
          @Override
          public List<TensorInfo> tensors() {
            return List.of();
          }

          @Override
          public void visit(SectionSink sink) {
            throw new io.fleetlearn.compression.CodecException("section 2: length 9 > 4 remaining");
          }
        };
    assertThat(UpdateChecks.nonFinite("update from d-2", u))
        .get()
        .asString()
        .contains("could not be decoded", "section 2");
  }

  @Test
  void layoutProblemNamesCountsOrTheFirstDifferentTensor() {
    Model m = Model.of(Tensor.zeros("a", Shape.of(2, 2)), Tensor.zeros("b", Shape.of(2)));
    List<TensorInfo> want = WeightedSum.layoutOf(m);
    assertThat(UpdateChecks.layoutProblem("u", want, want)).isEmpty();
    assertThat(UpdateChecks.layoutProblem("u", want.subList(0, 1), want))
        .get()
        .asString()
        .contains("1 tensors", "has 2");
    List<TensorInfo> got = List.of(want.get(0), new TensorInfo("b", Shape.of(3)));
    assertThat(UpdateChecks.layoutProblem("u", got, want))
        .get()
        .asString()
        .contains("tensor 1 b of shape [3]", "expected b of shape [2]");
  }
}
