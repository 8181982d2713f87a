package io.fleetlearn.device.probe;

/**
 * MemTotal and MemAvailable from {@code /proc/meminfo}. MemAvailable (Linux 3.14+) is the kernel's
 * own estimate of what can be allocated without swapping, page cache included; MemFree would
 * understate it badly on a Pi that has been up for a while.
 */
public final class MemoryProbe {
  static final String FILE = "proc/meminfo";

  private final SystemFiles files;

  public MemoryProbe(SystemFiles files) {
    this.files = files;
  }

  /** Memory in bytes. */
  public record Memory(long totalBytes, long availableBytes) {}

  public Memory read() {
    String text =
        files.read(FILE).orElseThrow(() -> new ProbeException(FILE + " is missing or unreadable"));
    long total = -1;
    long available = -1;
    for (String line : text.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        total = kib(line);
      } else if (line.startsWith("MemAvailable:")) {
        available = kib(line);
      }
    }
    if (total <= 0) {
      throw new ProbeException(FILE + " has no MemTotal line");
    }
    if (available < 0) {
      throw new ProbeException(FILE + " has no MemAvailable line (Linux 3.14 or newer needed)");
    }
    return new Memory(total, Math.min(available, total));
  }

  private static long kib(String line) {
    String[] parts = line.trim().split("\\s+");
    if (parts.length < 2 || (parts.length == 3 && !parts[2].equals("kB"))) {
      throw new ProbeException(FILE + " line '" + line + "' is not '<name>: <n> kB'");
    }
    try {
      return Math.multiplyExact(Long.parseLong(parts[1]), 1024L);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ProbeException(FILE + " line '" + line + "' has no valid number");
    }
  }
}
