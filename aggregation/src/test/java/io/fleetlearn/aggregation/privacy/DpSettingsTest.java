package io.fleetlearn.aggregation.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DpSettingsTest {

  @Test
  void settingsRejectOutOfRangeValues() {
    assertThatThrownBy(() -> new DpSettings(0, 10, 1, 1, 1, 1e-5))
        .hasMessageContaining("sampling probability (0.0)");
    assertThatThrownBy(() -> new DpSettings(0.1, 0, 1, 1, 1, 1e-5))
        .hasMessageContaining("population (0)");
    assertThatThrownBy(() -> new DpSettings(0.1, 10, 0, 1, 1, 1e-5))
        .hasMessageContaining("clip norm");
    assertThatThrownBy(() -> new DpSettings(0.1, 10, 1, Double.NaN, 1, 1e-5))
        .hasMessageContaining("noise multiplier");
    assertThatThrownBy(() -> new DpSettings(0.1, 10, 1, 1, 1, 1))
        .hasMessageContaining("target delta");
  }

  @Test
  void expectedParticipantsIsQTimesPopulation() {
    assertThat(new DpSettings(0.01, 5000, 1, 1, 1, 1e-5).expectedParticipants()).isEqualTo(50.0);
  }
}
