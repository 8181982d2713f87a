package io.fleetlearn.coordinator.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Builds the coordinator's configuration from, lowest precedence first: the deployment config, the
 * JSON file ({@code CONFIG_FILE}, default {@code conf/config.json}, optional), system properties,
 * and environment variables. Only the known keys are read from the environment and system
 * properties, so unrelated variables of the host never leak in. A secret may come from a file
 * instead: {@code API_TOKEN_FILE}, {@code MQTT_PASSWORD_FILE}, {@code DEVICE_PASSWORD_FILE}, {@code
 * DEVICE_CREDENTIALS_FILE} (what the Helm chart mounts from a Secret).
 */
public final class ConfigLoader {
  /** Every key the coordinator reads; the Helm chart uses the same names. */
  public static final List<String> KEYS =
      List.of(
          "HTTP_PORT",
          "HTTP_BODY_LIMIT",
          "DATA_DIR",
          "FLEET",
          "MQTT_URL",
          "MQTT_USERNAME",
          "MQTT_PASSWORD",
          "MQTT_PORT",
          "MQTT_BIND_ADDRESS",
          "DEVICE_PASSWORD",
          "DEVICE_CREDENTIALS",
          "API_TOKEN",
          "API_PROTECT_READS",
          "DEMO_MODE");

  private ConfigLoader() {}

  /** Reads once and validates; fails with a {@link ConfigException} naming the bad key. */
  public static Future<CoordinatorConfig> load(Vertx vertx, JsonObject deploymentConfig) {
    // The file's own location cannot come from the stores it selects: deployment config first,
    // then the environment (what the Helm chart and systemd set), then the default.
    String file =
        deploymentConfig.getString(
            "CONFIG_FILE",
            java.util.Objects.requireNonNullElse(System.getenv("CONFIG_FILE"), "conf/config.json"));
    JsonArray keys = new JsonArray(new java.util.ArrayList<>(KEYS));
    SecretFiles.fileKeys().forEach(keys::add);
    ConfigRetrieverOptions options =
        new ConfigRetrieverOptions()
            .setIncludeDefaultStores(false)
            .setScanPeriod(0)
            .addStore(new ConfigStoreOptions().setType("json").setConfig(deploymentConfig))
            .addStore(
                new ConfigStoreOptions()
                    .setType("file")
                    .setFormat("json")
                    .setOptional(true)
                    .setConfig(new JsonObject().put("path", file)))
            .addStore(
                new ConfigStoreOptions()
                    .setType("sys")
                    .setConfig(new JsonObject().put("cache", false)))
            .addStore(
                new ConfigStoreOptions()
                    .setType("env")
                    .setConfig(new JsonObject().put("keys", keys)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever
        .getConfig()
        // Reading the secret files blocks (briefly, once): off the event loop.
        .compose(json -> vertx.executeBlocking(() -> SecretFiles.resolve(json)))
        .map(json -> CoordinatorConfig.from(onlyKnown(json)))
        .andThen(ar -> retriever.close());
  }

  private static JsonObject onlyKnown(JsonObject json) {
    JsonObject out = new JsonObject();
    KEYS.stream().filter(json::containsKey).forEach(k -> out.put(k, json.getValue(k)));
    return out;
  }
}
