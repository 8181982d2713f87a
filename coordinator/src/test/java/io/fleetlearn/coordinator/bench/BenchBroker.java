package io.fleetlearn.coordinator.bench;

import io.fleetlearn.coordinator.config.CoordinatorConfig;
import io.fleetlearn.coordinator.mqtt.EmbeddedBroker;
import io.fleetlearn.testsupport.mosquitto.MosquittoProcess;
import io.fleetlearn.testsupport.net.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker a benchmark phase runs on: the coordinator's embedded HiveMQ CE (in the coordinator's
 * JVM, the one-command default) or a {@code mosquitto} process with the shipped configuration (the
 * durable deployment). Authentication is on in both.
 */
final class BenchBroker implements AutoCloseable {
  static final String COORDINATOR_PASSWORD = "bench-coordinator";

  enum Kind {
    EMBEDDED("HiveMQ CE 2025.5 embedded"),
    MOSQUITTO("mosquitto (shipped config)");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private final Kind kind;
  private final int port;
  private final Vertx vertx;
  private final EmbeddedBroker embedded;
  private final MosquittoProcess mosquitto;

  private BenchBroker(
      Kind kind, int port, Vertx vertx, EmbeddedBroker embedded, MosquittoProcess mosquitto) {
    this.kind = kind;
    this.port = port;
    this.vertx = vertx;
    this.embedded = embedded;
    this.mosquitto = mosquitto;
  }

  /**
   * Starts a broker of its own for a baseline phase; for the coordinator phase with the embedded
   * broker, use {@link #coordinatorConfig} instead (the coordinator starts it).
   */
  static BenchBroker start(Kind kind, String fleet, int devices) throws Exception {
    if (kind == Kind.MOSQUITTO) {
      MosquittoProcess.Builder b =
          MosquittoProcess.in(Files.createTempDirectory("bench-mosquitto"))
              .shipped()
              .user("coordinator", COORDINATOR_PASSWORD);
      for (int i = 0; i < devices; i++) {
        b.user(DevicePool.id(i), DevicePool.PASSWORD);
      }
      MosquittoProcess m = b.start();
      return new BenchBroker(kind, m.port(), null, null, m);
    }
    Vertx vertx = Vertx.vertx();
    int port = FreePorts.next();
    JsonObject json = coordinatorConfig(kind, fleet, port, Files.createTempDirectory("bench-raw"));
    EmbeddedBroker broker = EmbeddedBroker.start(vertx, CoordinatorConfig.from(json)).await();
    return new BenchBroker(kind, port, vertx, broker, null);
  }

  /** The coordinator's configuration for a phase on this kind of broker at {@code port}. */
  static JsonObject coordinatorConfig(Kind kind, String fleet, int port, Path dataDir) {
    JsonObject json =
        new JsonObject()
            .put("CONFIG_FILE", dataDir.resolve("no-such-config.json").toString())
            .put("HTTP_PORT", 0)
            .put("DATA_DIR", dataDir.toString())
            .put("FLEET", fleet)
            .put("MQTT_PASSWORD", COORDINATOR_PASSWORD)
            .put("API_TOKEN", "bench");
    if (kind == Kind.MOSQUITTO) {
      return json.put("MQTT_URL", "tcp://127.0.0.1:" + port).put("MQTT_USERNAME", "coordinator");
    }
    return json.put("MQTT_PORT", port)
        .put("MQTT_BIND_ADDRESS", "127.0.0.1")
        .put("DEVICE_PASSWORD", DevicePool.PASSWORD);
  }

  int port() {
    return port;
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  Kind kind() {
    return kind;
  }

  @Override
  public void close() {
    if (mosquitto != null) {
      mosquitto.close();
    }
    if (embedded != null) {
      embedded.stop(vertx).await();
      vertx.close().await();
    }
  }
}
