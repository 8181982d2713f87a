package io.fleetlearn.simulator.bus;

/**
 * MQTT topic names and filters: validity and matching ({@code +} one level, {@code #} the rest).
 */
final class TopicNames {
  private TopicNames() {}

  static void requireName(String topic) {
    if (topic == null || topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "topic name must be non-empty without wildcards: " + topic);
    }
  }

  /** Whether {@code filter} is a valid filter: '+' and '#' fill a level, '#' only the last. */
  static boolean validFilter(String filter) {
    if (filter == null || filter.isEmpty()) {
      return false;
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
        return false;
      }
      if (l.contains("+") && !l.equals("+")) {
        return false;
      }
    }
    return true;
  }

  static boolean hasWildcard(String filter) {
    return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
  }

  static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    // A wildcard at the first level does not match topics starting with '$' (MQTT 4.7.2).
    boolean system = topic.startsWith("$");
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return !(i == 0 && system);
      }
      if (i >= t.length) {
        return false;
      }
      if (f[i].equals("+")) {
        if (i == 0 && system) {
          return false;
        }
      } else if (!f[i].equals(t[i])) {
        return false;
      }
    }
    return f.length == t.length;
  }
}
