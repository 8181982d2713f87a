package io.fleetlearn.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Resources;
import org.junit.jupiter.api.Test;

class EmulatedStatusTest {
  private static final Resources MEASURED =
      new Resources(300L << 20, 512L << 20, 4, 0.1, 1000.0, 45.0, 80.0, false, 5e5, 2.0, 6.0);

  @Test
  void status_reportsTheBenchmarkDividedBySlowdown_andTheRoundStretched() {
    DeviceStatus s = status(MEASURED);

    DeviceStatus out = EmulatedStatus.of(s, 12, 22.0, 1234.0);

    assertThat(out.resources().benchmarkGflops()).isEqualTo(0.5);
    assertThat(out.resources().lastRoundSeconds()).isEqualTo(24.0);
    assertThat(out.resources().linkBytesPerSecond()).isEqualTo(1234.0);
    assertThat(out.resources().memTotalBytes()).isEqualTo(512L << 20);
    assertThat(out.resources().batteryPercent()).isEqualTo(80.0);
    // Still a valid protocol message: the coordinator reads it like any other.
    Messages m = new Messages();
    assertThat(m.read(m.write(out), DeviceStatus.class)).isEqualTo(out);
  }

  @Test
  void valuesTheClientHasNotMeasuredYet_stayAbsent() {
    Resources fresh =
        new Resources(1L << 30, 2L << 30, 4, 0.1, null, null, null, null, null, null, 6.0);

    DeviceStatus out = EmulatedStatus.of(status(fresh), 5, -1, null);

    assertThat(out.resources().lastRoundSeconds()).isNull();
    assertThat(out.resources().linkBytesPerSecond()).isNull();
    assertThat(out.resources().benchmarkGflops()).isEqualTo(1.2);
  }

  private static DeviceStatus status(Resources r) {
    return new DeviceStatus("pi-zero-2w-00", DeviceState.ONLINE, 1L, "0.1.0", 3, r, null, null);
  }
}
