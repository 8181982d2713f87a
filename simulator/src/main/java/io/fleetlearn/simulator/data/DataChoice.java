package io.fleetlearn.simulator.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Fashion-MNIST a simulation uses, as {@code --data} names it: {@code auto} (the full set
 * when Debian's package is installed, else the bundled sample), {@code bundled}, {@code full} (fail
 * when it is not installed), or a folder with the four IDX files.
 *
 * @param kind which of the four
 * @param folder the folder, for {@link Kind#FOLDER} only
 */
public record DataChoice(Kind kind, Optional<Path> folder) {
  /** How the data is found. */
  public enum Kind {
    AUTO,
    BUNDLED,
    FULL,
    FOLDER
  }

  public DataChoice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(folder, "folder");
    if ((kind == Kind.FOLDER) != folder.isPresent()) {
      throw new IllegalArgumentException("a folder goes with FOLDER and only with it");
    }
  }

  public static DataChoice auto() {
    return new DataChoice(Kind.AUTO, Optional.empty());
  }

  public static DataChoice bundled() {
    return new DataChoice(Kind.BUNDLED, Optional.empty());
  }

  public static DataChoice full() {
    return new DataChoice(Kind.FULL, Optional.empty());
  }

  public static DataChoice folder(Path folder) {
    return new DataChoice(Kind.FOLDER, Optional.of(folder));
  }

  /** {@code auto}, {@code bundled}, {@code full}, or anything else as a folder. */
  public static DataChoice parse(String s) {
    return switch (s.strip()) {
      case "auto" -> auto();
      case "bundled" -> bundled();
      case "full" -> full();
      case "" -> throw new IllegalArgumentException("--data is empty");
      default -> folder(Path.of(s.strip()));
    };
  }

  @Override
  public String toString() {
    return kind == Kind.FOLDER ? folder.orElseThrow().toString() : kind.name().toLowerCase();
  }
}
