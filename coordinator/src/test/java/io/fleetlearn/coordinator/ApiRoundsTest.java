package io.fleetlearn.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.coordinator.ApiClient.Reply;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rounds, models and the event stream of a training run through the API by three real devices
 * against a real coordinator.
 */
class ApiRoundsTest {
  private static final Duration TRAINING = Duration.ofSeconds(120);
  @TempDir Path dir;
  private Vertx vertx;
  private int mqttPort;
  private CoordinatorVerticle verticle;
  private ApiClient api;

  @BeforeEach
  void deploy() throws Exception {
    vertx = Vertx.vertx();
    mqttPort = TestSupport.freePort();
    verticle = new CoordinatorVerticle();
    TestSupport.get(
        vertx.deployVerticle(
            verticle,
            new DeploymentOptions()
                .setConfig(TestSupport.config(dir.resolve("coordinator"), mqttPort))));
    api = new ApiClient(vertx, verticle.httpPort());
  }

  @AfterEach
  void close() throws Exception {
    api.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void training_runThroughTheApi_exposesRoundsModelsAndLiveRoundEvents() throws Exception {
    // Arrange
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpClient sse = vertx.createHttpClient();
    TestSupport.get(
        sse.request(HttpMethod.GET, verticle.httpPort(), "127.0.0.1", "/api/v1/events")
            .compose(HttpClientRequest::send)
            .onSuccess(r -> r.handler(b -> lines.addAll(List.of(b.toString().split("\n"))))));

    try (Devices devices =
        Devices.start(3, mqttPort, Files.createDirectories(dir.resolve("devices")), Map.of())) {
      // Act
      String id = createAndStart(api, "through the api");
      awaitEnd(api, id);
      String base = "/api/v1/trainings/" + id;
      JsonArray rounds = api.get(base + "/rounds").array();
      Reply first = api.get(base + "/rounds/1");
      JsonArray models = api.get(base + "/models").array();
      JsonObject last = models.getJsonObject(models.size() - 1);
      JsonObject variant = last.getJsonArray("variants").getJsonObject(0);
      String file = last.getLong("version") + "/" + variant.getString("variant");
      Reply frame = api.get(base + "/models/" + file);
      Reply missing = api.get(base + "/models/" + last.getLong("version") + "/w1");

      // Assert
      assertThat(api.get(base).json().getString("state")).isEqualTo("COMPLETED");
      assertThat(rounds.size()).isGreaterThanOrEqualTo(3);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.json()).isEqualTo(rounds.getJsonObject(0));
      assertThat(first.json().getJsonArray("assignments")).hasSize(3);
      assertThat(first.json().getLong("bytesUp")).isPositive();
      assertThat(rounds.stream().map(JsonObject.class::cast))
          .anyMatch(r -> r.getValue("evalAccuracy") != null);
      assertThat(models.size()).isGreaterThanOrEqualTo(2);
      assertThat(frame.status()).isEqualTo(200);
      assertThat(frame.header("Content-Type")).isEqualTo("application/octet-stream");
      assertThat(frame.header("Content-Disposition"))
          .startsWith("attachment; filename=\"" + id + "-v" + last.getLong("version"));
      assertThat((long) frame.body().length()).isEqualTo(variant.getLong("frameBytes"));
      assertThat(missing.status()).isEqualTo(404);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(lines)
                      .contains("event: round", "event: update", "event: training")
                      .anyMatch(l -> l.startsWith("data: ") && l.contains("\"state\":\"CLOSED\"")));
    } finally {
      sse.close();
    }
  }

  /**
   * Waits for three online devices, then creates and starts a small training through the API: three
   * rounds of an MLP on the sample, each followed by a federated evaluation.
   *
   * @return the training id
   */
  static String createAndStart(ApiClient api, String name) throws Exception {
    String id = create(api, name);
    Reply started = api.send(HttpMethod.POST, "/api/v1/trainings/" + id + "/start", null);
    assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
    return id;
  }

  /** Waits for three online devices, then creates the training {@link #createAndStart} starts. */
  static String create(ApiClient api, String name) throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.get("/api/v1/devices").array().stream()
                        .map(JsonObject.class::cast)
                        .filter(d -> d.getBoolean("online"))
                        .count()
                    == 3);
    JsonObject request =
        new JsonObject()
            .put("name", name)
            .put("spec", "mlp(784, 32, 10)")
            .put("rounds", 3)
            .put("minDevices", 3)
            .put("maxDevices", 3)
            .put("quorum", 1.0)
            .put("deadlineSeconds", 60)
            .put("epochs", 2)
            .put("batchSize", 16)
            .put("learningRate", 0.1)
            .put("uploadPipeline", "Int8 + Zstd")
            .put("evaluateEvery", 1)
            .put("seed", 7);
    Reply created = api.send(HttpMethod.POST, "/api/v1/trainings", request);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  /** Waits until the training is no longer running. */
  static void awaitEnd(ApiClient api, String id) {
    await()
        .atMost(TRAINING)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> !api.get("/api/v1/trainings/" + id).json().getString("state").equals("RUNNING"));
  }
}
