package io.fleetlearn.testsupport.mosquitto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a shipped {@code mosquitto.conf} into the one a test runs: the directives that name a place
 * on the machine (listener, persistence folder, password and ACL files, log, pid file, the user to
 * run as) are replaced in place or appended; every other line — limits, persistence, authentication
 * switches — is kept as shipped, so the test runs what we ship.
 */
public final class MosquittoConfig {
  private final List<String> base;
  private final Map<String, String> overrides = new LinkedHashMap<>();

  private MosquittoConfig(List<String> base) {
    this.base = List.copyOf(base);
  }

  /** Starts from the text of a configuration file. */
  public static MosquittoConfig of(String text) {
    return new MosquittoConfig(text.lines().toList());
  }

  /** Replaces every {@code key ...} line with {@code key value}, or appends it if there is none. */
  public MosquittoConfig set(String key, String value) {
    if (key.isBlank() || key.contains(" ") || value.contains("\n")) {
      throw new IllegalArgumentException(
          "directive (" + key + " " + value + ") must be one word and a one-line value");
    }
    overrides.put(key, value);
    return this;
  }

  /** The value in effect for {@code key}: the override, else the shipped line's, else null. */
  public String get(String key) {
    if (overrides.containsKey(key)) {
      return overrides.get(key);
    }
    for (String line : base) {
      if (key.equals(keyOf(line))) {
        return line.trim().substring(key.length()).trim();
      }
    }
    return null;
  }

  /** The configuration text. */
  public String render() {
    List<String> out = new ArrayList<>();
    Map<String, String> pending = new LinkedHashMap<>(overrides);
    for (String line : base) {
      String key = keyOf(line);
      if (key != null && overrides.containsKey(key)) {
        // Only the first occurrence is kept: a repeated listener would open a second port.
        if (pending.remove(key) != null) {
          out.add(key + " " + overrides.get(key));
        }
      } else {
        out.add(line);
      }
    }
    pending.forEach((k, v) -> out.add(k + " " + v));
    return String.join("\n", out) + "\n";
  }

  private static String keyOf(String line) {
    String t = line.trim();
    if (t.isEmpty() || t.startsWith("#")) {
      return null;
    }
    int space = t.indexOf(' ');
    return space < 0 ? t : t.substring(0, space);
  }
}
