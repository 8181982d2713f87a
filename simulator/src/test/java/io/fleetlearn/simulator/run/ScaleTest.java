package io.fleetlearn.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScaleTest {
  @Test
  void defaultStatusInterval_isTwoSeconds_upToAHundredDevices_thenKeepsFiftyStatusesASecond() {
    Settings.Scale scale = Settings.Scale.DEFAULT;

    assertThat(scale.statusInterval(20)).isEqualTo(Duration.ofSeconds(2));
    assertThat(scale.statusInterval(100)).isEqualTo(Duration.ofSeconds(2));
    assertThat(scale.statusInterval(5000)).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void givenStatusInterval_wins_andBadValuesAreRefusedByName() {
    Settings.Scale scale =
        new Settings.Scale(TransportKind.IN_PROCESS, 20, Optional.of(Duration.ofSeconds(5)));

    assertThat(scale.statusInterval(5000)).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> new Settings.Scale(TransportKind.MQTT, -1, Optional.empty()))
        .hasMessageContaining("--max-per-round (-1)");
    assertThatThrownBy(
            () -> new Settings.Scale(TransportKind.MQTT, 0, Optional.of(Duration.ofMillis(10))))
        .hasMessageContaining("--status-interval");
  }

  @Test
  void transportNames_parseAsOnTheCommandLine() {
    assertThat(TransportKind.parse("in-process")).isEqualTo(TransportKind.IN_PROCESS);
    assertThat(TransportKind.parse("MQTT")).isEqualTo(TransportKind.MQTT);
    assertThat(TransportKind.IN_PROCESS).hasToString("in-process");
    assertThatThrownBy(() -> TransportKind.parse("udp"))
        .hasMessage("--transport ('udp') must be mqtt or in-process");
  }
}
