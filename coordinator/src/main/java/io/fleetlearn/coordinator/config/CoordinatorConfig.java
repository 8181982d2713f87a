package io.fleetlearn.coordinator.config;

import io.fleetlearn.protocol.topic.Ids;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The coordinator's validated settings. Keys are the environment names the Helm chart uses too.
 *
 * @param httpPort {@code HTTP_PORT}: the REST/health port (0 picks a free one)
 * @param httpBodyLimit {@code HTTP_BODY_LIMIT}: the largest request body accepted, in bytes
 * @param dataDir {@code DATA_DIR}: where RocksDB (and the embedded broker's files) live
 * @param fleet {@code FLEET}: the fleet id, the topic prefix is {@code fl/{fleet}/}
 * @param mqttUrl {@code MQTT_URL}: an external broker; empty starts the embedded one
 * @param mqttUsername {@code MQTT_USERNAME}: the coordinator's broker user
 * @param mqttPassword {@code MQTT_PASSWORD}: its password; may be empty only in demo mode
 * @param mqttPort {@code MQTT_PORT}: the embedded broker's listener port
 * @param mqttBindAddress {@code MQTT_BIND_ADDRESS}: the embedded broker's listener address
 * @param devicePassword {@code DEVICE_PASSWORD}: a password shared by every device, if any
 * @param deviceCredentials {@code DEVICE_CREDENTIALS}: per-device passwords, {@code id:pw,...} or a
 *     JSON object; they win over the shared password
 * @param apiToken {@code API_TOKEN}: the bearer token for state-changing REST calls
 * @param apiProtectReads {@code API_PROTECT_READS}: whether reads under {@code /api/v1} and {@code
 *     /metrics} need the token too (default false: the dashboard and scrapers read freely)
 * @param demoMode {@code DEMO_MODE}: anonymous broker access and no token; never in production
 */
public record CoordinatorConfig(
    int httpPort,
    long httpBodyLimit,
    Path dataDir,
    String fleet,
    Optional<URI> mqttUrl,
    String mqttUsername,
    String mqttPassword,
    int mqttPort,
    String mqttBindAddress,
    Optional<String> devicePassword,
    Map<String, String> deviceCredentials,
    Optional<String> apiToken,
    boolean apiProtectReads,
    boolean demoMode) {

  /** Validates the cross-field rules; single fields are checked by {@link #from}. */
  public CoordinatorConfig {
    deviceCredentials = Map.copyOf(deviceCredentials);
    if (!demoMode) {
      if (mqttPassword.isEmpty()) {
        throw new ConfigException(
            "MQTT_PASSWORD is empty; the broker requires authentication unless DEMO_MODE=true");
      }
      if (mqttUrl.isEmpty() && devicePassword.isEmpty() && deviceCredentials.isEmpty()) {
        throw new ConfigException(
            "neither DEVICE_PASSWORD nor DEVICE_CREDENTIALS is set; no device could log in to the"
                + " embedded broker (set one, or DEMO_MODE=true for anonymous access)");
      }
      if (apiToken.isEmpty()) {
        throw new ConfigException(
            "API_TOKEN is empty; it guards every state-changing call (or set DEMO_MODE=true)");
      }
    }
  }

  /** Whether the coordinator starts its own broker. */
  public boolean embeddedBroker() {
    return mqttUrl.isEmpty();
  }

  /** The URL the coordinator's MQTT client connects to. */
  public URI brokerUri() {
    return mqttUrl.orElseGet(() -> URI.create("tcp://127.0.0.1:" + mqttPort));
  }

  /**
   * Reads and validates the merged configuration.
   *
   * @throws ConfigException naming the first key that is missing or invalid
   */
  public static CoordinatorConfig from(JsonObject json) {
    boolean demo = bool(json, "DEMO_MODE", false);
    return new CoordinatorConfig(
        port(json, "HTTP_PORT", 8080),
        positiveLong(json, "HTTP_BODY_LIMIT", 1L << 20),
        Path.of(text(json, "DATA_DIR").orElse("data")),
        id("FLEET", text(json, "FLEET").orElse("default")),
        text(json, "MQTT_URL").map(u -> uri("MQTT_URL", u)),
        text(json, "MQTT_USERNAME").orElse("coordinator"),
        text(json, "MQTT_PASSWORD").orElse(""),
        port(json, "MQTT_PORT", 1883),
        text(json, "MQTT_BIND_ADDRESS").orElse("0.0.0.0"),
        text(json, "DEVICE_PASSWORD"),
        credentials(json),
        text(json, "API_TOKEN"),
        bool(json, "API_PROTECT_READS", false),
        demo);
  }

  private static Optional<String> text(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
      throw new ConfigException(key + " must be a string, found " + v);
    }
    String s = v.toString().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static int port(JsonObject json, String key, int fallback) {
    long p = parseLong(json, key, fallback);
    if (p < 0 || p > 65535) {
      throw new ConfigException(key + " (" + p + ") must be in [0, 65535]");
    }
    return (int) p;
  }

  private static long positiveLong(JsonObject json, String key, long fallback) {
    long v = parseLong(json, key, fallback);
    if (v <= 0) {
      throw new ConfigException(key + " (" + v + ") must be > 0");
    }
    return v;
  }

  private static long parseLong(JsonObject json, String key, long fallback) {
    Optional<String> s = text(json, key);
    try {
      return s.isEmpty() ? fallback : Long.parseLong(s.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " (" + s.get() + ") must be an integer");
    }
  }

  private static boolean bool(JsonObject json, String key, boolean fallback) {
    Optional<String> s = text(json, key);
    if (s.isEmpty()) {
      return fallback;
    }
    return switch (s.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key + " (" + s.get() + ") must be true or false");
    };
  }

  private static URI uri(String key, String value) {
    try {
      URI u = new URI(value);
      String scheme = u.getScheme();
      if (u.getHost() == null
          || !("tcp".equals(scheme) || "ssl".equals(scheme) || "wss".equals(scheme))) {
        throw new ConfigException(
            key + " (" + value + ") must look like tcp://host:1883 or ssl://host:8883");
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(key + " (" + value + ") is not a URL: " + e.getMessage());
    }
  }

  private static String id(String key, String value) {
    try {
      return Ids.require(key, value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Per-device passwords: a JSON object in a file, or {@code id:pw,id:pw} in an env variable. */
  private static Map<String, String> credentials(JsonObject json) {
    String key = "DEVICE_CREDENTIALS";
    Object v = json.getValue(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof JsonObject o) {
      o.forEach(e -> out.put(id(key + " device id", e.getKey()), String.valueOf(e.getValue())));
      return out;
    }
    for (String pair : text(json, key).map(s -> s.split(",")).orElse(new String[0])) {
      int colon = pair.indexOf(':');
      if (colon <= 0 || colon == pair.length() - 1) {
        throw new ConfigException(key + " entry (" + pair + ") must be id:password");
      }
      out.put(id(key + " device id", pair.substring(0, colon).trim()), pair.substring(colon + 1));
    }
    return out;
  }

  @Override
  public String toString() {
    // Secrets stay out of logs.
    return "CoordinatorConfig[httpPort=%d, dataDir=%s, fleet=%s, broker=%s, demoMode=%b, devices=%d]"
        .formatted(
            httpPort,
            dataDir,
            fleet,
            mqttUrl.map(URI::toString).orElse("embedded:" + mqttPort),
            demoMode,
            deviceCredentials.size());
  }
}
