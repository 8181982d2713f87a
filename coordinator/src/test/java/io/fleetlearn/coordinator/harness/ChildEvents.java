package io.fleetlearn.coordinator.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the lines {@link CoordinatorChildMain} prints back into JSON. */
public final class ChildEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChildEvents() {}

  /** The {@code data} of every {@code FLEET-EVENT} of {@code type} (UPDATE, ROUND, ...). */
  public static List<JsonNode> of(String log, String type) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : log.lines().toList()) {
      if (line.startsWith("FLEET-EVENT ")) {
        JsonNode event = parse(line.substring("FLEET-EVENT ".length()));
        if (type.equals(event.path("type").asText())) {
          out.add(event.path("data"));
        }
      }
    }
    return out;
  }

  /** The accepted updates of {@code round}, by device id. */
  public static List<String> acceptedDevices(String log, long round) {
    return of(log, "UPDATE").stream()
        .filter(u -> u.path("round").asLong() == round && u.path("accepted").asBoolean())
        .map(u -> u.path("deviceId").asText())
        .toList();
  }

  /** The last view of {@code round} whose state is {@code state}, if any. */
  public static Optional<JsonNode> round(String log, long round, String state) {
    JsonNode found = null;
    for (JsonNode r : of(log, "ROUND")) {
      if (r.path("round").asLong() == round && state.equals(r.path("state").asText())) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The {@code COORDINATOR-UP} line's JSON, if printed yet. */
  public static Optional<JsonNode> up(String log) {
    return log.lines()
        .filter(l -> l.startsWith("COORDINATOR-UP "))
        .findFirst()
        .map(l -> parse(l.substring("COORDINATOR-UP ".length())));
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
