package io.fleetlearn.device.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.protocol.message.Resources;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbesTest {

  static SystemFiles fixture(String name) {
    try {
      return new SystemFiles(
          Path.of(ProbesTest.class.getClassLoader().getResource("sysroot/" + name).toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void piFixtureGivesEveryProbe() {
    SystemFiles pi = fixture("pi4");

    MemoryProbe.Memory mem = new MemoryProbe(pi).read();
    assertThat(mem.totalBytes()).isEqualTo(3_884_244L * 1024);
    assertThat(mem.availableBytes()).isEqualTo(3_429_164L * 1024);
    CpuProbe cpu = new CpuProbe(pi);
    assertThat(cpu.cpus()).isEqualTo(4);
    assertThat(cpu.load1()).isEqualTo(0.52);
    assertThat(cpu.mhz()).hasValue(1500.0);
    assertThat(new ThermalProbe(pi).celsius().getAsDouble()).isCloseTo(48.312, within(1e-9));
    assertThat(new PowerProbe(pi).battery()).contains(new PowerProbe.Battery(87, false));
  }

  @Test
  void hostFixtureCopiedFromARealMachineParsesAndLacksWhatVmsLack() {
    SystemFiles host = fixture("host");

    MemoryProbe.Memory mem = new MemoryProbe(host).read();
    assertThat(mem.totalBytes()).isPositive();
    assertThat(mem.availableBytes()).isBetween(0L, mem.totalBytes());
    assertThat(new CpuProbe(host).mhz()).isEmpty();
    assertThat(new ThermalProbe(host).celsius()).isEmpty();
    assertThat(new PowerProbe(host).battery()).isEmpty();
  }

  @Test
  void filesThatDoNotSayWhatTheyShouldAreNamedInTheError() {
    SystemFiles broken = fixture("broken");

    assertThatThrownBy(() -> new MemoryProbe(broken).read())
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("proc/meminfo has no MemAvailable line");
    assertThatThrownBy(() -> new CpuProbe(broken).load1())
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("proc/loadavg ('not-a-number 1 2')");
  }

  @Test
  void chargingIsReadFromStatusOrAnOnlineMainsSupply(@TempDir Path root) throws Exception {
    write(root, "sys/class/power_supply/battery/type", "Battery");
    write(root, "sys/class/power_supply/battery/capacity", "12");
    write(root, "sys/class/power_supply/battery/status", "Not charging");
    write(root, "sys/class/power_supply/ac/type", "Mains");
    write(root, "sys/class/power_supply/ac/online", "1");

    assertThat(new PowerProbe(new SystemFiles(root)).battery())
        .contains(new PowerProbe.Battery(12, true));
  }

  @Test
  void resourceReportCombinesProbesIntoAValidMessage() {
    LinkMeter link = new LinkMeter(0.5);
    link.record(100_000, 500_000_000L);

    Resources r = new ResourceProbe(fixture("pi4"), link, 1.5).read(OptionalDouble.of(42));

    assertThat(r.cpus()).isEqualTo(4);
    assertThat(r.linkBytesPerSecond()).isEqualTo(200_000.0);
    assertThat(r.lastRoundSeconds()).isEqualTo(42.0);
    assertThat(r.batteryPercent()).isEqualTo(87.0);
    assertThat(r.charging()).isFalse();
  }

  @Test
  void linkMeterIgnoresTinyMessagesAndSmoothsTheRest() {
    LinkMeter link = new LinkMeter(0.5);
    link.record(100, 1_000_000L);
    assertThat(link.bytesPerSecond()).isEmpty();

    link.record(10_000, 1_000_000_000L);
    link.record(30_000, 1_000_000_000L);

    assertThat(link.bytesPerSecond()).hasValue(20_000.0);
  }

  @Test
  void benchmarkReportsAPlausibleRate() {
    double gflops = ComputeBenchmark.gflops(Duration.ofMillis(50));

    assertThat(gflops).isBetween(0.01, 1000.0);
  }

  private static void write(Path root, String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text + "\n");
  }
}
