package io.fleetlearn.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.coordinator.ApiClient.Reply;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API through a real coordinator: embedded broker, RocksDB in a temp dir, real HTTP. One
 * deployment for the class (a broker start and stop cost ~5 s); each test uses its own trainings
 * and devices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {
  private static final String TRAININGS = "/api/v1/trainings";
  private Vertx vertx;
  private CoordinatorVerticle verticle;
  private ApiClient api;

  @BeforeAll
  void deploy(@TempDir Path dataDir) throws Exception {
    vertx = Vertx.vertx();
    int mqttPort = TestSupport.freePort();
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
  void createTraining_returns201_withSentFieldsOverDefaults_andLocation() throws Exception {
    // Act
    Reply created =
        api.send(HttpMethod.POST, TRAININGS, new JsonObject().put("name", "a").put("rounds", 3));
    Reply read = api.get(created.header("Location"));

    // Assert
    assertThat(created.status()).isEqualTo(201);
    JsonObject request = created.json().getJsonObject("request");
    assertThat(request.getInteger("rounds")).isEqualTo(3);
    assertThat(request.getString("strategy")).isEqualTo("fedavg");
    assertThat(request.getString("optimizer")).isEqualTo("sgd");
    assertThat(created.json().getString("state")).isEqualTo("CREATED");
    assertThat(created.header("Location"))
        .isEqualTo(TRAININGS + "/" + created.json().getString("id"));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(created.json());
    assertThat(api.get(TRAININGS).array().stream().map(o -> ((JsonObject) o).getString("id")))
        .contains(created.json().getString("id"));
  }

  @Test
  void training_isConfiguredStartedAndStopped_and409WhenConfiguredWhileRunning() throws Exception {
    // Arrange
    String id =
        api.send(HttpMethod.POST, TRAININGS, new JsonObject().put("name", "life"))
            .json()
            .getString("id");
    String path = TRAININGS + "/" + id;

    // Act
    Reply configured =
        api.send(
            HttpMethod.PUT, path, new JsonObject().put("strategy", "fedprox").put("epochs", 2));
    Reply started = api.send(HttpMethod.POST, path + "/start", null);
    Reply reconfigured = api.send(HttpMethod.PUT, path, new JsonObject().put("epochs", 3));
    Reply stopped = api.send(HttpMethod.POST, path + "/stop", null);

    // Assert
    assertThat(configured.status()).isEqualTo(200);
    assertThat(configured.json().getJsonObject("request").getString("strategy"))
        .isEqualTo("fedprox");
    assertThat(configured.json().getJsonObject("request").getString("name")).isEqualTo("life");
    assertThat(started.status()).isEqualTo(200);
    assertThat(started.json().getString("state")).isEqualTo("RUNNING");
    assertThat(reconfigured.status()).isEqualTo(409);
    assertThat(reconfigured.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(stopped.status()).isEqualTo(200);
    assertThat(stopped.json().getString("state")).isEqualTo("STOPPED");
  }

  @Test
  void stateChangingCall_returns401WithChallenge_withoutOrWithWrongToken() throws Exception {
    // Act
    Reply none = api.send(HttpMethod.POST, TRAININGS, "{\"name\":\"x\"}", "application/json", null);
    Reply wrong =
        api.send(HttpMethod.POST, TRAININGS, "{\"name\":\"x\"}", "application/json", "nope");

    // Assert
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"fleetlearn\"");
    assertThat(none.detail()).contains("Authorization: Bearer");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(api.get(TRAININGS).status()).isEqualTo(200);
  }

  @Test
  void createTraining_returns422NamingTheField_forUnknownWrongTypeOrOutOfRangeFields()
      throws Exception {
    // Act
    Reply unknown =
        api.send(HttpMethod.POST, TRAININGS, new JsonObject().put("name", "x").put("roundz", 3));
    Reply type =
        api.send(HttpMethod.POST, TRAININGS, new JsonObject().put("name", "x").put("rounds", "3"));
    Reply range =
        api.send(HttpMethod.POST, TRAININGS, new JsonObject().put("name", "x").put("rounds", 0));
    Reply pipeline =
        api.send(
            HttpMethod.POST,
            TRAININGS,
            new JsonObject().put("name", "x").put("uploadPipeline", "nonsense(3)"));
    Reply noName = api.send(HttpMethod.POST, TRAININGS, new JsonObject().put("rounds", 3));

    // Assert
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.detail()).isEqualTo("unknown field 'roundz'");
    assertThat(type.status()).isEqualTo(422);
    assertThat(type.detail()).startsWith("field 'rounds'").contains("integer");
    assertThat(range.status()).isEqualTo(422);
    assertThat(range.detail()).contains("rounds (0)");
    assertThat(pipeline.status()).isEqualTo(422);
    assertThat(pipeline.detail()).contains("uploadPipeline");
    assertThat(noName.status()).isEqualTo(422);
    assertThat(noName.detail()).contains("name");
  }

  @Test
  void createTraining_returns415_400_and413_forWrongMediaTypeMalformedJsonAndOversizedBody()
      throws Exception {
    // Act
    Reply text = api.send(HttpMethod.POST, TRAININGS, "name=x", "text/plain", ApiClient.TOKEN);
    Reply malformed =
        api.send(HttpMethod.POST, TRAININGS, "{\"name\":", "application/json", ApiClient.TOKEN);
    Reply empty = api.send(HttpMethod.POST, TRAININGS, null, "application/json", ApiClient.TOKEN);
    String big = "{\"name\":\"" + "x".repeat(2000) + "\"}";
    Reply oversized =
        api.send(HttpMethod.POST, TRAININGS, big, "application/json", ApiClient.TOKEN);

    // Assert
    assertThat(text.status()).isEqualTo(415);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.detail()).contains("body");
    assertThat(oversized.status()).isEqualTo(413);
    for (Reply r : new Reply[] {text, malformed, empty, oversized}) {
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.json().getInteger("status")).isEqualTo(r.status());
    }
  }
}
