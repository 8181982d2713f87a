package io.fleetlearn.device.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads small system files under a root ({@code /} on a device, a fixture folder in tests, a
 * virtual device's folder in the simulator). Files are read with a size cap: {@code /proc} and
 * {@code /sys} files are a few kilobytes, and a probe must never load something huge by mistake.
 */
public record SystemFiles(Path root) {
  static final int MAX_BYTES = 64 * 1024;

  public static SystemFiles real() {
    return new SystemFiles(Path.of("/"));
  }

  /** The file's text, or empty when it does not exist or cannot be read. */
  public Optional<String> read(String relative) {
    Path p = root.resolve(relative);
    try {
      if (!Files.isRegularFile(p)) {
        return Optional.empty();
      }
      byte[] b;
      try (var in = Files.newInputStream(p)) {
        b = in.readNBytes(MAX_BYTES);
      }
      return Optional.of(new String(b, StandardCharsets.US_ASCII).strip());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Entries of a directory (names only), sorted; empty when it does not exist. */
  public java.util.List<String> list(String relative) {
    Path p = root.resolve(relative);
    if (!Files.isDirectory(p)) {
      return java.util.List.of();
    }
    try (var s = Files.list(p)) {
      return s.map(x -> x.getFileName().toString()).sorted().limit(256).toList();
    } catch (IOException e) {
      return java.util.List.of();
    }
  }
}
