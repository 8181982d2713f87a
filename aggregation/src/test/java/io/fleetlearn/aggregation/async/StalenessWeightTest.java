package io.fleetlearn.aggregation.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StalenessWeightTest {

  @Test
  void constantCountsEveryUpdateFully() {
    assertThat(StalenessWeight.constant().weight(0)).isEqualTo(1);
    assertThat(StalenessWeight.constant().weight(1_000)).isEqualTo(1);
  }

  @Test
  void inverseSqrtIsFedBuffsDefault() {
    StalenessWeight w = StalenessWeight.inverseSqrt();
    assertThat(w.weight(0)).isEqualTo(1);
    assertThat(w.weight(3)).isEqualTo(0.5);
    assertThat(w.weight(8)).isCloseTo(1 / 3.0, within(1e-15));
    assertThat(FedBuffConfig.of(1, 1).staleness().weight(15)).isEqualTo(0.25);
  }

  @Test
  void polynomialIsOnePlusStalenessToTheMinusA() {
    assertThat(StalenessWeight.polynomial(1).weight(3)).isEqualTo(0.25);
    assertThat(StalenessWeight.polynomial(2).weight(1)).isEqualTo(0.25);
    assertThat(StalenessWeight.polynomial(0.5).weight(24)).isCloseTo(0.2, within(1e-15));
    assertThat(StalenessWeight.polynomial(0).weight(24)).isEqualTo(1);
  }

  @Test
  void negativeOrNonFiniteExponentIsRejected() {
    assertThatThrownBy(() -> StalenessWeight.polynomial(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exponent");
    assertThatThrownBy(() -> StalenessWeight.polynomial(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
