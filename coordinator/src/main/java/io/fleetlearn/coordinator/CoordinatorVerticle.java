package io.fleetlearn.coordinator;

import io.fleetlearn.coordinator.api.DeviceRoutes;
import io.fleetlearn.coordinator.api.EventStream;
import io.fleetlearn.coordinator.api.ModelRoutes;
import io.fleetlearn.coordinator.api.RoundRoutes;
import io.fleetlearn.coordinator.api.TrainingRoutes;
import io.fleetlearn.coordinator.config.ConfigLoader;
import io.fleetlearn.coordinator.config.CoordinatorConfig;
import io.fleetlearn.coordinator.dashboard.DashboardRoutes;
import io.fleetlearn.coordinator.engine.FleetEngine;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.http.ApiSettings;
import io.fleetlearn.coordinator.http.HttpApi;
import io.fleetlearn.coordinator.http.Readiness;
import io.fleetlearn.coordinator.http.Routes;
import io.fleetlearn.coordinator.metrics.FleetMetrics;
import io.fleetlearn.coordinator.mqtt.EmbeddedBroker;
import io.fleetlearn.coordinator.mqtt.LinkSettings;
import io.fleetlearn.coordinator.mqtt.MqttLink;
import io.fleetlearn.coordinator.mqtt.MqttLinkFactory;
import io.fleetlearn.coordinator.mqtt.PahoMqttLink;
import io.fleetlearn.coordinator.store.AsyncStore;
import io.fleetlearn.protocol.message.CoordinatorStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.topic.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: reads its configuration, opens the database, starts the embedded broker when no
 * external one is configured, connects to MQTT, and serves HTTP. {@link #stop} undoes it all in
 * reverse order, so a second deployment on the same {@code DATA_DIR} starts cleanly.
 */
public final class CoordinatorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorVerticle.class);

  /** Event-stream clients served at once: dashboards and tools, not devices. */
  private static final int MAX_EVENT_CLIENTS = 64;

  private static final Duration EVENT_HEARTBEAT = Duration.ofSeconds(15);

  private final Messages messages = new Messages();
  // Empty: the configured broker (embedded or MQTT_URL) over Paho.
  private final Optional<MqttLinkFactory> linkFactory;
  // One registry per verticle, not Micrometer's global one: no static mutable state, and two
  // coordinators in one JVM (tests) do not mix their counts.
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FleetMetrics metrics = new FleetMetrics(meters);
  private FleetEngine engine;
  private CoordinatorConfig config;
  private AsyncStore store;
  private EmbeddedBroker broker;
  private MqttLink mqtt;
  private HttpApi api;
  private HttpServer http;

  /** The coordinator on the broker its configuration names (the embedded one by default). */
  public CoordinatorVerticle() {
    this.linkFactory = Optional.empty();
  }

  /**
   * The coordinator on links that {@code links} opens, instead of Paho; no embedded broker is
   * started whatever the configuration says. The simulator's in-process transport uses it.
   */
  public CoordinatorVerticle(MqttLinkFactory links) {
    this.linkFactory = Optional.of(java.util.Objects.requireNonNull(links, "links"));
  }

  @Override
  public Future<?> start() {
    return ConfigLoader.load(vertx, config())
        .compose(this::openStore)
        .compose(v -> startBroker())
        .compose(v -> connectMqtt())
        .compose(v -> startEngine())
        .compose(v -> startHttp())
        .onSuccess(v -> LOG.info("coordinator up: {}, HTTP on {}", config, http.actualPort()))
        // Vert.x does not call stop() after a failed start: release what did open.
        .recover(e -> shutdown().transform(x -> Future.failedFuture(e)));
  }

  @Override
  public Future<?> stop() {
    return shutdown();
  }

  /** The fleet: trainings, rounds, devices, models; what the REST API and dashboard use. */
  public FleetService fleet() {
    return engine;
  }

  /** The coordinator's metrics (its registry is a {@link PrometheusMeterRegistry}). */
  public FleetMetrics metrics() {
    return metrics;
  }

  /** The Prometheus registry behind {@link #metrics()}, for a {@code /metrics} scrape. */
  public PrometheusMeterRegistry prometheus() {
    return meters;
  }

  /** The HTTP side, for tests that compare the router with the document. */
  HttpApi api() {
    return api;
  }

  /** The HTTP port actually bound (useful with {@code HTTP_PORT=0}). */
  public int httpPort() {
    return http.actualPort();
  }

  private Future<Void> openStore(CoordinatorConfig cfg) {
    this.config = cfg;
    if (cfg.demoMode()) {
      // Demo mode may come from a config file nobody meant to use (conf/config.json in the
      // working folder): say so loudly.
      LOG.warn("DEMO_MODE is on: anonymous MQTT clients and no API token. For a laptop demo only.");
    }
    return AsyncStore.open(vertx, cfg.dataDir().resolve("db")).map(s -> store = s).mapEmpty();
  }

  private Future<Void> startBroker() {
    if (!config.embeddedBroker() || linkFactory.isPresent()) {
      return Future.succeededFuture();
    }
    return EmbeddedBroker.start(vertx, config).map(b -> broker = b).mapEmpty();
  }

  private Future<Void> connectMqtt() {
    Topics topics = Topics.of(config.fleet());
    LinkSettings settings =
        new LinkSettings(
            config.brokerUri(),
            "fl-coordinator-" + config.fleet(),
            config.mqttPassword().isEmpty() ? Optional.empty() : Optional.of(config.mqttUsername()),
            config.mqttPassword(),
            topics.coordinatorStatus(),
            status(false));
    MqttLinkFactory links = linkFactory.orElse(PahoMqttLink::connect);
    return links
        .connect(vertx, settings)
        .map(link -> mqtt = link)
        .compose(link -> link.publish(topics.coordinatorStatus(), status(true), true));
  }

  private Future<Void> startEngine() {
    FleetEngine e = new FleetEngine(vertx, store, mqtt, Topics.of(config.fleet()), metrics);
    engine = e;
    return e.start();
  }

  private byte[] status(boolean online) {
    // Round and model version are filled in once rounds exist.
    return messages.write(
        new CoordinatorStatus(config.fleet(), online, System.currentTimeMillis(), 0, 0));
  }

  private Future<Void> startHttp() {
    Readiness readiness =
        new Readiness(
            () -> mqtt != null && mqtt.isConnected(), () -> store != null && store.isOpen());
    ApiSettings settings =
        new ApiSettings(
            config.httpBodyLimit(), config.apiToken(), config.apiProtectReads(), MAX_EVENT_CLIENTS);
    return DashboardRoutes.load(vertx)
        .compose(dashboard -> HttpApi.create(vertx, settings, readiness, meters, routes(dashboard)))
        .compose(
            created -> {
              api = created;
              return vertx
                  .createHttpServer()
                  .requestHandler(api.router())
                  .listen(config.httpPort());
            })
        .map(server -> http = server)
        .mapEmpty();
  }

  private List<Routes> routes(DashboardRoutes dashboard) {
    return List.of(
        new TrainingRoutes(engine),
        new RoundRoutes(engine),
        new ModelRoutes(engine),
        new DeviceRoutes(engine),
        new EventStream(vertx, engine, MAX_EVENT_CLIENTS, EVENT_HEARTBEAT, meters),
        dashboard);
  }

  /** Closes in reverse order of opening; each step runs even if an earlier one failed. */
  private Future<Void> shutdown() {
    return step(http == null ? null : http.close(), "HTTP server")
        .transform(x -> step(api == null ? null : closeApi(), "HTTP meters"))
        .transform(x -> step(engine == null ? null : engine.stop(), "fleet engine"))
        .transform(x -> step(mqtt == null ? null : announceOffline(), "MQTT link"))
        .transform(x -> step(broker == null ? null : broker.stop(vertx), "embedded broker"))
        .transform(x -> step(store == null ? null : store.close(), "database"))
        .mapEmpty();
  }

  private Future<Void> closeApi() {
    api.close();
    return Future.succeededFuture();
  }

  private Future<Void> announceOffline() {
    // A clean disconnect discards the will, so say "offline" ourselves first.
    Topics topics = Topics.of(config.fleet());
    return mqtt.publish(topics.coordinatorStatus(), status(false), true)
        .transform(x -> mqtt.close());
  }

  private static Future<Void> step(Future<?> closing, String what) {
    if (closing == null) {
      return Future.succeededFuture();
    }
    return closing
        .<Void>mapEmpty()
        .recover(
            e -> {
              LOG.warn("closing the {} failed: {}", what, e.toString());
              return Future.succeededFuture();
            });
  }
}
