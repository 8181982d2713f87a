package io.fleetlearn.protocol.message;

/** Field checks for message records: each failure names the field and its value. */
final class Check {
  static final int MAX_TEXT = 256;

  private Check() {}

  static long atLeast(String field, long v, long min) {
    if (v < min) {
      throw new IllegalArgumentException(field + " (" + v + ") must be >= " + min);
    }
    return v;
  }

  static long range(String field, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          field + " (" + v + ") must be in [" + min + ", " + max + "]");
    }
    return v;
  }

  static double range(String field, double v, double min, double max) {
    // Written so that NaN fails too: every comparison with NaN is false.
    if (!(v >= min && v <= max)) {
      throw new IllegalArgumentException(
          field + " (" + v + ") must be in [" + min + ", " + max + "]");
    }
    return v;
  }

  static Double optionalRange(String field, Double v, double min, double max) {
    return v == null ? null : range(field, v, min, max);
  }

  static String text(String field, String s, int maxLength) {
    if (s == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    if (s.length() > maxLength) {
      throw new IllegalArgumentException(
          field + " is " + s.length() + " characters; at most " + maxLength + " are allowed");
    }
    return s;
  }

  static <T> T present(String field, T v) {
    if (v == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return v;
  }
}
