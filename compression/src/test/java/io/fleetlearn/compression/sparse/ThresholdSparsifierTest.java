package io.fleetlearn.compression.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

class ThresholdSparsifierTest {

  @Test
  void keepsMagnitudesAtOrAboveTheThreshold() {
    Model m =
        Model.of(
            Tensor.of("w", Shape.of(6), new float[] {0.5f, -0.5f, 0.49f, -2f, 0f, Float.NaN}),
            Tensor.of("b", Shape.of(2), new float[] {0.1f, -0.1f}));
    int[][] sel = new ThresholdSparsifier(0.5f).select(m, null);
    assertThat(sel[0]).containsExactly(0, 1, 3, 5);
    assertThat(sel[1]).isEmpty();
  }

  @Test
  void zeroThresholdKeepsEverythingAsDense() {
    Model m = Model.of(Tensor.of("w", Shape.of(3), new float[] {0f, -0f, 1f}));
    assertThat(new ThresholdSparsifier(0f).select(m, null)[0]).isNull();
  }

  @Test
  void tokenUsesFloatToString() {
    assertThat(new ThresholdSparsifier(1e-4f)).hasToString("Threshold(1.0E-4)");
    assertThat(new ThresholdSparsifier(0.5f)).hasToString("Threshold(0.5)");
    assertThat(new ThresholdSparsifier(-0f)).hasToString("Threshold(0.0)");
  }

  @Property(tries = 500)
  void tokenRoundTripsThroughParseFloat(@ForAll @FloatRange(min = 0, max = 1e30f) float t) {
    ThresholdSparsifier s = new ThresholdSparsifier(t);
    String token = s.toString();
    String arg = token.substring("Threshold(".length(), token.length() - 1);
    assertThat(new ThresholdSparsifier(Float.parseFloat(arg))).isEqualTo(s);
  }

  @Test
  void rejectsNegativeAndNonFiniteThresholds() {
    for (float bad : new float[] {-1e-9f, Float.NaN, Float.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new ThresholdSparsifier(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("threshold");
    }
  }
}
