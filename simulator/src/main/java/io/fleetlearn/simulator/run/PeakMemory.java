package io.fleetlearn.simulator.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The process's peak resident memory (Linux {@code VmHWM}), for the scale figures. */
public final class PeakMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private PeakMemory() {}

  /** Peak resident set size in bytes; empty where {@code /proc} does not say (not Linux). */
  public static OptionalLong peakResidentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          String kb = line.substring(6).trim().split("\\s+")[0];
          return OptionalLong.of(Long.parseLong(kb) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc, or a format we do not know: the figure is simply not there.
    }
    return OptionalLong.empty();
  }
}
