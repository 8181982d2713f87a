package io.fleetlearn.coordinator;

import static io.fleetlearn.coordinator.TestSupport.DEVICE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.coordinator.ApiClient.Reply;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Resources;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's reads, the event stream, metrics, the document and the dashboard's files, through a
 * real coordinator (embedded broker, RocksDB in a temp dir, real HTTP). One deployment for the
 * class; each test uses its own trainings and devices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiReadsTest {
  private static final String TRAININGS = "/api/v1/trainings";
  private final Messages messages = new Messages();
  private Vertx vertx;
  private int mqttPort;
  private CoordinatorVerticle verticle;
  private ApiClient api;

  @BeforeAll
  void deploy(@TempDir Path dataDir) throws Exception {
    vertx = Vertx.vertx();
    mqttPort = TestSupport.freePort();
    verticle = new CoordinatorVerticle();
    TestSupport.get(
        vertx.deployVerticle(
            verticle, new DeploymentOptions().setConfig(TestSupport.config(dataDir, mqttPort))));
    api = new ApiClient(vertx, verticle.httpPort());
  }

  @AfterAll
  void close() throws Exception {
    api.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void reads_return404ForUnknownThings_and400ForBadParameters() throws Exception {
    // Arrange
    String id =
        api.send(HttpMethod.POST, TRAININGS, new JsonObject().put("name", "r"))
            .json()
            .getString("id");

    // Act
    Reply training = api.get(TRAININGS + "/no-such");
    Reply rounds = api.get(TRAININGS + "/no-such/rounds");
    Reply round = api.get(TRAININGS + "/" + id + "/rounds/7");
    Reply badRound = api.get(TRAININGS + "/" + id + "/rounds/seven");
    Reply badId = api.get(TRAININGS + "/bad%20id");
    Reply model = api.get(TRAININGS + "/" + id + "/models/9/w1000000");
    Reply device = api.get("/api/v1/devices/no-such");

    // Assert
    assertThat(training.status()).isEqualTo(404);
    assertThat(training.detail()).contains("no-such");
    assertThat(rounds.status()).isEqualTo(404);
    assertThat(round.status()).isEqualTo(404);
    assertThat(round.detail()).contains("round 7");
    assertThat(badRound.status()).isEqualTo(400);
    assertThat(badRound.detail()).contains("round");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(model.status()).isEqualTo(404);
    assertThat(device.status()).isEqualTo(404);
    assertThat(api.get(TRAININGS + "/" + id + "/rounds").array()).isEmpty();
  }

  @Test
  void devices_listsDetailAndResourceHistory_ofADeviceThatPublishedItsStatus() throws Exception {
    // Arrange
    MqttClient device = TestSupport.mqtt(mqttPort, "api-d1", "api-d1", DEVICE_PASSWORD);

    // Act
    device.publish("fl/test/device/api-d1/status", retained(status("api-d1", 300_000_000L)));
    device.publish("fl/test/device/api-d1/status", retained(status("api-d1", 200_000_000L)));

    // Assert
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(api.get("/api/v1/devices/api-d1/resources").array()).hasSize(2));
    JsonArray list = api.get("/api/v1/devices").array();
    assertThat(list.stream().map(o -> ((JsonObject) o).getString("deviceId"))).contains("api-d1");
    JsonObject one = api.get("/api/v1/devices/api-d1").json();
    assertThat(one.getBoolean("online")).isTrue();
    assertThat(one.getJsonObject("resources").getLong("memAvailableBytes")).isEqualTo(200_000_000L);
    JsonArray last = api.get("/api/v1/devices/api-d1/resources?limit=1").array();
    assertThat(last).hasSize(1);
    assertThat(last.getJsonObject(0).getJsonObject("resources").getLong("memAvailableBytes"))
        .isEqualTo(200_000_000L);
    assertThat(api.get("/api/v1/devices/api-d1/resources?limit=0").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/devices/api-d1/resources?limit=5000").status()).isEqualTo(400);
    device.disconnect();
    device.close();
  }

  @Test
  void metrics_exposeFleetJvmAndHttpMeters_inPrometheusFormat() throws Exception {
    // Arrange
    api.get("/health");

    // Act
    Reply metrics = api.get("/metrics");

    // Assert
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    String text = metrics.body().toString();
    assertThat(text)
        .contains("fleetlearn_devices_online")
        .contains("fleetlearn_updates_received_total")
        .contains("jvm_memory_used_bytes")
        .contains("process_uptime_seconds")
        .contains("fleetlearn_sse_clients")
        .contains(
            "fleetlearn_http_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"}");
  }

  @Test
  void dashboard_isServedFromTheJar_withItsChartLibrary() throws Exception {
    // Act
    Reply root = api.get("/");
    Reply page = api.get("/dashboard/");
    Reply uplot = api.get("/dashboard/uplot.js");
    Reply missing = api.get("/dashboard/secret.txt");
    Reply traversal = api.get("/dashboard/..%2Fopenapi.yaml");

    // Assert
    assertThat(root.status()).isEqualTo(302);
    assertThat(root.header("Location")).isEqualTo("/dashboard/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
    assertThat(uplot.status()).isEqualTo(200);
    assertThat(uplot.body().toString()).contains("uPlot");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(traversal.status()).isIn(400, 404);
  }

  @Test
  void router_servesExactlyTheDocumentsOperations_eachWithAHandler() throws Exception {
    // Arrange
    JsonObject paths = api.get("/openapi.json").json().getJsonObject("paths");
    Set<String> documented = new TreeSet<>();
    paths.forEach(
        p ->
            ((JsonObject) p.getValue())
                .fieldNames().stream()
                    .filter(m -> !m.equals("parameters"))
                    .forEach(
                        m ->
                            documented.add(
                                m.toUpperCase(Locale.ROOT)
                                    + " "
                                    + vertxPath(p.getKey().replaceAll("\\{([^}]+)}", ":$1")))));

    // Act
    Set<String> routed = new TreeSet<>();
    for (Route route : verticle.api().router().getRoutes()) {
      if (route.getPath() != null) {
        route.methods().forEach(m -> routed.add(m.name() + " " + vertxPath(route.getPath())));
      }
    }

    // Assert
    assertThat(routed).isEqualTo(documented);
    assertThat(documented).hasSizeGreaterThanOrEqualTo(22);
    assertThat(verticle.api().unimplemented()).isEmpty();
    assertThat(api.get("/openapi.yaml").body().toString()).startsWith("openapi: 3.1.0");
  }

  @Test
  void events_streamTrainingAndDeviceEvents_asServerSentEvents() throws Exception {
    // Arrange
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpClient client = vertx.createHttpClient();
    TestSupport.get(
        client
            .request(HttpMethod.GET, verticle.httpPort(), "127.0.0.1", "/api/v1/events")
            .compose(HttpClientRequest::send)
            .onSuccess(
                resp -> resp.handler(b -> lines.addAll(List.of(b.toString().split("\n", -1))))));
    MqttClient device = TestSupport.mqtt(mqttPort, "api-sse", "api-sse", DEVICE_PASSWORD);

    // Act
    String id =
        api.send(HttpMethod.POST, TRAININGS, new JsonObject().put("name", "sse"))
            .json()
            .getString("id");
    device.publish("fl/test/device/api-sse/status", retained(status("api-sse", 100_000_000L)));

    // Assert
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(lines).contains("retry: 3000", "event: training", "event: device");
              assertThat(lines).anyMatch(l -> l.startsWith("data: ") && l.contains(id));
              assertThat(lines)
                  .anyMatch(l -> l.startsWith("data: ") && l.contains("\"deviceId\":\"api-sse\""));
            });
    assertThat(lines).anyMatch(l -> l.startsWith("id: "));
    device.disconnect();
    device.close();
    client.close();
  }

  /** Vert.x Web matches a path with or without its trailing slash, and stores it without. */
  private static String vertxPath(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private byte[] status(String id, long memAvailable) {
    Resources r =
        new Resources(memAvailable, 1_000_000_000L, 4, 0.5, null, null, null, null, 1e6, null, 2.0);
    return messages.write(
        new DeviceStatus(id, DeviceState.ONLINE, System.currentTimeMillis(), "1", -1, r, null));
  }

  private static MqttMessage retained(byte[] payload) {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    m.setRetained(true);
    return m;
  }
}
