package io.fleetlearn.coordinator.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.fleetlearn.coordinator.config.CoordinatorConfig;
import io.fleetlearn.protocol.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HiveMQ CE in the coordinator's JVM, for the one-command default (no {@code MQTT_URL}).
 *
 * <p>Persistence is in memory: HiveMQ CE bundles its own rocksdbjni, which would then share a JVM
 * with ours (one native library, two Java bindings of different versions), and a broker that
 * restarts with the coordinator needs no durable queue: the coordinator republishes retained models
 * and open tasks from its own RocksDB on start. A deployment that needs a durable broker runs an
 * external one. Unless {@code DEMO_MODE=true}, every client must log in (see {@link
 * BrokerSecurity}).
 */
public final class EmbeddedBroker {
  private final EmbeddedHiveMQ hivemq;

  private EmbeddedBroker(EmbeddedHiveMQ hivemq) {
    this.hivemq = hivemq;
  }

  /** Writes the broker's config under {@code DATA_DIR/broker} and starts it. */
  public static Future<EmbeddedBroker> start(Vertx vertx, CoordinatorConfig config) {
    return vertx
        .executeBlocking(() -> build(config))
        .compose(
            b ->
                Future.fromCompletionStage(b.hivemq.start(), vertx.getOrCreateContext())
                    .map(v -> b));
  }

  private static EmbeddedBroker build(CoordinatorConfig config) throws IOException {
    Path home = config.dataDir().toAbsolutePath().resolve("broker");
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(
        conf.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>
          </listeners>
          <persistence><mode>in-memory</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(config.mqttPort(), config.mqttBindAddress()));
    var builder =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Files.createDirectories(home.resolve("data")))
            .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
            .withoutLoggingBootstrap();
    if (!config.demoMode()) {
      BrokerSecurity security =
          new BrokerSecurity(
              config.mqttUsername(),
              config.mqttPassword(),
              config.devicePassword(),
              config.deviceCredentials(),
              new TopicAcl(Topics.of(config.fleet()), config.mqttUsername()));
      builder.withEmbeddedExtension(
          EmbeddedExtension.builder()
              .withId("fleetlearn-security")
              .withName("FleetLearn broker security")
              .withVersion("1")
              .withPriority(1000)
              .withExtensionMain(security)
              .build());
    }
    return new EmbeddedBroker(builder.build());
  }

  /** Stops the broker and releases its threads and port. */
  public Future<Void> stop(Vertx vertx) {
    return Future.fromCompletionStage(hivemq.stop(), vertx.getOrCreateContext())
        .compose(v -> vertx.executeBlocking(() -> closeQuietly()));
  }

  private Void closeQuietly() throws Exception {
    hivemq.close();
    return null;
  }
}
