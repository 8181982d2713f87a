package io.fleetlearn.simulator.fleet;

import io.fleetlearn.protocol.topic.Ids;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What happens to which device when, replayed against a simulation or recorded from one.
 *
 * <p>Format, version 1: UTF-8 CSV, one event per line. The first line is the version line {@value
 * #VERSION_LINE}; further lines starting with {@code #} are comments and blank lines are skipped.
 * The first other line is the header {@value #HEADER}; then rows:
 *
 * <pre>
 * # fleetlearn-trace 1
 * seconds,device,event,value
 * 0,pi-zero-2w-00,battery,80
 * 3600,pi-zero-2w-00,offline,night
 * 5400.5,pi-zero-2w-00,online,
 * 5400.5,lte-01,bandwidth,250
 * </pre>
 *
 * <ul>
 *   <li>{@code seconds}: since the training started, a plain decimal ({@code 12}, {@code 0.25}; no
 *       sign, no exponent), never smaller than the row before's.
 *   <li>{@code device}: a device id of the fleet.
 *   <li>{@code event} and its {@code value}: {@code offline}, {@code online}, {@code leave}, {@code
 *       join} with an optional cause ({@code [a-z0-9-]}, up to 32 characters); {@code battery}
 *       percent in [0, 100] (battery devices only); {@code charging} {@code on} or {@code off}
 *       (battery devices only); {@code bandwidth} kbit/s, a whole number in [1, 10000000]; {@code
 *       latency} milliseconds, a whole number in [0, 60000]; {@code loss} in [0, 0.5].
 * </ul>
 *
 * Fields are not quoted: no id or value contains a comma. Anything else is refused with the line,
 * the column and the value found.
 *
 * @param events the rows in order, times non-decreasing
 */
public record Trace(List<TraceEvent> events) {
  /** The first line of a version-1 trace. */
  public static final String VERSION_LINE = "# fleetlearn-trace 1";

  /** The column names. */
  public static final String HEADER = "seconds,device,event,value";

  /** A longer file is not a trace of one simulation. */
  static final long MAX_FILE_BYTES = 16L << 20;

  /** Most rows a trace may have. */
  public static final int MAX_EVENTS = 1_000_000;

  /** No trace. */
  public static final Trace NONE = new Trace(List.of());

  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?");
  private static final Pattern WHOLE = Pattern.compile("[0-9]{1,12}");
  private static final Pattern CAUSE = Pattern.compile("[a-z0-9-]{0,32}");
  private static final List<String> COLUMNS = Arrays.asList(HEADER.split(","));

  public Trace {
    events = List.copyOf(events);
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).seconds() < events.get(i - 1).seconds()) {
        throw new TraceException(
            "event "
                + i
                + " is at "
                + events.get(i).seconds()
                + " s, before the one before it ("
                + events.get(i - 1).seconds()
                + " s); times must not decrease");
      }
    }
  }

  /** Reads a trace file for this fleet; the message of a failure names the line and column. */
  public static Trace read(Path file, List<FleetMember> fleet) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new TraceException(file + " is over " + MAX_FILE_BYTES + " bytes; not a trace");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), file.toString(), fleet);
    }
  }

  /** Reads a trace bundled in the jar ({@code /traces/...}). */
  public static Trace resource(String name, List<FleetMember> fleet) throws IOException {
    try (InputStream in = Trace.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is not in this build");
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), name, fleet);
    }
  }

  /** Parses trace text (for tests and callers that build one in code). */
  public static Trace fromCsv(String csv, List<FleetMember> fleet) throws IOException {
    return parse(new StringReader(csv), "inline trace", fleet);
  }

  static Trace parse(Reader reader, String source, List<FleetMember> fleet) throws IOException {
    Map<String, FleetMember> members = new HashMap<>();
    fleet.forEach(m -> members.put(m.deviceId(), m));
    BufferedReader in = new BufferedReader(reader);
    List<TraceEvent> events = new ArrayList<>();
    String version = in.readLine();
    if (version == null || !version.strip().equals(VERSION_LINE)) {
      throw new TraceException(
          source
              + " line 1: expected the version line '"
              + VERSION_LINE
              + "', found "
              + (version == null ? "an empty file" : "'" + clip(version) + "'"));
    }
    boolean header = false;
    double last = 0;
    int n = 1;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      n++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      if (!header) {
        if (!text.replace(" ", "").equals(HEADER)) {
          throw new TraceException(
              source
                  + " line "
                  + n
                  + ": expected the header '"
                  + HEADER
                  + "', found '"
                  + clip(text)
                  + "'");
        }
        header = true;
        continue;
      }
      if (events.size() == MAX_EVENTS) {
        throw new TraceException(source + " line " + n + ": more than " + MAX_EVENTS + " events");
      }
      TraceEvent e = row(new Row(source, n, text), members);
      if (e.seconds() < last) {
        throw new Row(source, n, text)
            .error(
                "seconds",
                TraceEvent.number(e.seconds()),
                "is before the row above ("
                    + TraceEvent.number(last)
                    + "); times must not decrease");
      }
      last = e.seconds();
      events.add(e);
    }
    if (!header) {
      throw new TraceException(source + ": no header line '" + HEADER + "'");
    }
    return new Trace(events);
  }

  private static TraceEvent row(Row r, Map<String, FleetMember> members) {
    String[] f = r.text.split(",", -1);
    if (f.length != COLUMNS.size()) {
      throw new TraceException(
          r.where()
              + ": "
              + f.length
              + " columns, expected "
              + COLUMNS.size()
              + " ("
              + HEADER
              + ")");
    }
    for (int i = 0; i < f.length; i++) {
      f[i] = f[i].strip();
    }
    if (!DECIMAL.matcher(f[0]).matches()) {
      throw r.error("seconds", f[0], "is not a plain decimal number of seconds (e.g. 12 or 0.5)");
    }
    double seconds = Double.parseDouble(f[0]);
    try {
      Ids.require("device id", f[1]);
    } catch (IllegalArgumentException e) {
      throw r.error("device", f[1], "is not a valid device id (" + e.getMessage() + ")");
    }
    FleetMember m = members.get(f[1]);
    if (m == null) {
      throw r.error("device", f[1], "is not a device of this fleet (" + sample(members) + ")");
    }
    TraceEvent.Kind kind = kind(r, f[2]);
    String v = f[3];
    if (kind.presence()) {
      if (!CAUSE.matcher(v).matches()) {
        throw r.error("value", v, "is not a cause ([a-z0-9-], up to 32 characters, or empty)");
      }
      return TraceEvent.presence(seconds, f[1], kind, v);
    }
    if ((kind == TraceEvent.Kind.BATTERY || kind == TraceEvent.Kind.CHARGING)
        && m.profile().battery() == null) {
      throw r.error("event", f[2], "but " + f[1] + " (" + m.profileName() + ") has no battery");
    }
    double amount =
        switch (kind) {
          case CHARGING ->
              switch (v) {
                case "on" -> 1;
                case "off" -> 0;
                default -> throw r.error("value", v, "is not on or off");
              };
          case BATTERY -> number(r, v, DECIMAL, 0, 100, "a percent");
          case BANDWIDTH -> number(r, v, WHOLE, 1, 10_000_000, "a whole number of kbit/s");
          case LATENCY -> number(r, v, WHOLE, 0, 60_000, "a whole number of milliseconds");
          case LOSS -> number(r, v, DECIMAL, 0, 0.5, "a chance");
          default -> throw new IllegalStateException(kind.toString());
        };
    return TraceEvent.of(seconds, f[1], kind, amount);
  }

  private static TraceEvent.Kind kind(Row r, String label) {
    for (TraceEvent.Kind k : TraceEvent.Kind.values()) {
      if (k.label().equals(label)) {
        return k;
      }
    }
    List<String> labels = new ArrayList<>();
    for (TraceEvent.Kind k : TraceEvent.Kind.values()) {
      labels.add(k.label());
    }
    throw r.error("event", label, "is not one of " + labels);
  }

  private static double number(Row r, String v, Pattern form, double min, double max, String what) {
    if (!form.matcher(v).matches()) {
      throw r.error("value", v, "is not " + what);
    }
    double x = Double.parseDouble(v);
    if (x < min || x > max) {
      throw r.error(
          "value",
          v,
          "must be in [" + TraceEvent.number(min) + ", " + TraceEvent.number(max) + "]");
    }
    return x;
  }

  private static String sample(Map<String, FleetMember> members) {
    TreeSet<String> ids = new TreeSet<>(members.keySet());
    if (ids.size() <= 6) {
      return "devices: " + ids;
    }
    return ids.size() + " devices, " + ids.first() + " ... " + ids.last();
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  /** Events of one device, in order. */
  public List<TraceEvent> of(String device) {
    return events.stream().filter(e -> e.device().equals(device)).toList();
  }

  /** Whether {@code device} is absent at the start: its first presence event is a join. */
  public boolean joinsLater(String device) {
    return events.stream()
        .filter(e -> e.device().equals(device) && e.event().presence())
        .findFirst()
        .map(e -> e.event() == TraceEvent.Kind.JOIN)
        .orElse(false);
  }

  /** The whole trace as a file, version line and header included. */
  public String csv() {
    StringBuilder b = new StringBuilder(VERSION_LINE).append('\n').append(HEADER).append('\n');
    events.forEach(e -> b.append(e.csv()).append('\n'));
    return b.toString();
  }

  /** A row being read: where it is, for messages. */
  private record Row(String source, int line, String text) {
    Row {
      Objects.requireNonNull(text);
    }

    String where() {
      return source + " line " + line;
    }

    TraceException error(String column, String value, String problem) {
      return new TraceException(
          String.format(
              Locale.ROOT, "%s, column %s: '%s' %s", where(), column, clip(value), problem));
    }
  }
}
