package io.fleetlearn.device.probe;

import io.fleetlearn.protocol.message.Resources;
import java.util.Optional;
import java.util.OptionalDouble;

/** Puts every probe together into the {@link Resources} a status message carries. */
public final class ResourceProbe {
  private final MemoryProbe memory;
  private final CpuProbe cpu;
  private final ThermalProbe thermal;
  private final PowerProbe power;
  private final LinkMeter link;
  private final double benchmarkGflops;

  /**
   * @param files where the system files are ({@link SystemFiles#real()} on a device)
   * @param link the link meter the transport feeds
   * @param benchmarkGflops the start-up benchmark's result ({@link ComputeBenchmark})
   */
  public ResourceProbe(SystemFiles files, LinkMeter link, double benchmarkGflops) {
    this.memory = new MemoryProbe(files);
    this.cpu = new CpuProbe(files);
    this.thermal = new ThermalProbe(files);
    this.power = new PowerProbe(files);
    this.link = link;
    this.benchmarkGflops = benchmarkGflops;
  }

  /** Reads every probe now. {@code lastRoundSeconds} is empty before the first round. */
  public Resources read(OptionalDouble lastRoundSeconds) {
    MemoryProbe.Memory mem = memory.read();
    Optional<PowerProbe.Battery> battery = power.battery();
    return new Resources(
        mem.availableBytes(),
        mem.totalBytes(),
        cpu.cpus(),
        cpu.load1(),
        boxed(cpu.mhz()),
        boxed(thermal.celsius()),
        battery.map(PowerProbe.Battery::percent).orElse(null),
        battery.map(PowerProbe.Battery::charging).orElse(null),
        boxed(link.bytesPerSecond()),
        boxed(lastRoundSeconds),
        benchmarkGflops);
  }

  private static Double boxed(OptionalDouble v) {
    return v.isPresent() ? v.getAsDouble() : null;
  }
}
