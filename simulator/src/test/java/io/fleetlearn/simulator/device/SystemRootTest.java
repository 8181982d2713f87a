package io.fleetlearn.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.device.probe.LinkMeter;
import io.fleetlearn.device.probe.ResourceProbe;
import io.fleetlearn.device.probe.SystemFiles;
import io.fleetlearn.protocol.message.Resources;
import io.fleetlearn.simulator.fleet.Profiles;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemRootTest {
  @TempDir Path dir;

  @Test
  void theRealProbes_reportTheProfile_memoryCpusClockAndBattery() throws Exception {
    // Arrange
    SystemRoot root = SystemRoot.write(dir, Profiles.DEVICES.get("pi-zero-2w"));

    // Act
    Resources r =
        new ResourceProbe(new SystemFiles(root.root()), new LinkMeter(0.3), 1.0)
            .read(OptionalDouble.empty());

    // Assert
    assertThat(r.memTotalBytes()).isEqualTo(512L << 20);
    assertThat(r.memAvailableBytes()).isEqualTo(300L << 20);
    assertThat(r.cpus()).isEqualTo(4);
    assertThat(r.cpuMhz()).isEqualTo(1000.0);
    assertThat(r.batteryPercent()).isEqualTo(80.0);
    assertThat(r.charging()).isFalse();
  }

  @Test
  void aDrainedBattery_isWhatTheProbeReadsNext() throws Exception {
    SystemRoot root = SystemRoot.write(dir, Profiles.DEVICES.get("pi-zero-2w"));
    ResourceProbe probe = new ResourceProbe(new SystemFiles(root.root()), new LinkMeter(0.3), 1.0);

    root.battery(17, false);

    assertThat(probe.read(OptionalDouble.empty()).batteryPercent()).isEqualTo(17.0);
  }

  @Test
  void aMainsPoweredProfile_hasNoBattery() throws Exception {
    SystemRoot root = SystemRoot.write(dir, Profiles.DEVICES.get("pi-5-8gb"));

    Resources r =
        new ResourceProbe(new SystemFiles(root.root()), new LinkMeter(0.3), 1.0)
            .read(OptionalDouble.empty());

    assertThat(r.batteryPercent()).isNull();
    assertThat(r.memTotalBytes()).isEqualTo(8192L << 20);
  }
}
