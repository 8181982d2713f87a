package io.fleetlearn.protocol.spec;

import java.util.ArrayList;
import java.util.List;

/** Reads the text form of a {@link ModelSpec}. */
final class SpecParser {
  static final String FORMS =
      "mlp(inputs, hidden..., classes), cnn, cnn(classes), sensor1d(features, classes)";
  private static final int MAX_UNITS = 1 << 16;

  private SpecParser() {}

  static ModelSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("model spec is empty; expected one of " + FORMS);
    }
    String t = text.strip();
    int p = t.indexOf('(');
    String head = p < 0 ? t : t.substring(0, p).strip();
    List<Integer> args = p < 0 ? List.of() : args(t, p);
    return switch (head) {
      case "cnn" -> {
        if (args.size() > 1) {
          throw new IllegalArgumentException("cnn takes at most one argument (classes): " + t);
        }
        yield new Cnn(args.isEmpty() ? 10 : args.get(0));
      }
      case "mlp" -> {
        if (args.size() < 2) {
          throw new IllegalArgumentException(
              "mlp needs inputs and classes, e.g. mlp(784, 200, 10): " + t);
        }
        yield new Mlp(args.get(0), args.subList(1, args.size() - 1), args.get(args.size() - 1));
      }
      case "sensor1d" -> {
        if (args.size() != 2) {
          throw new IllegalArgumentException(
              "sensor1d needs features and classes, e.g. sensor1d(24, 5): " + t);
        }
        yield new Sensor1d(args.get(0), args.get(1));
      }
      default ->
          throw new IllegalArgumentException(
              "model spec '" + t + "' is unknown; expected one of " + FORMS);
    };
  }

  private static List<Integer> args(String t, int open) {
    if (!t.endsWith(")")) {
      throw new IllegalArgumentException("model spec '" + t + "' must end with ')'");
    }
    List<Integer> out = new ArrayList<>();
    String inner = t.substring(open + 1, t.length() - 1).strip();
    if (inner.isEmpty()) {
      return out;
    }
    for (String a : inner.split(",")) {
      try {
        out.add(Integer.parseInt(a.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "model spec '" + t + "': '" + a.strip() + "' is not a whole number");
      }
    }
    if (out.size() > 34) {
      throw new IllegalArgumentException("model spec '" + t + "' has too many layers (at most 32)");
    }
    return out;
  }

  static void positive(String what, int v) {
    if (v < 1 || v > MAX_UNITS) {
      throw new IllegalArgumentException(what + " (" + v + ") must be in [1, " + MAX_UNITS + "]");
    }
  }
}
