package io.fleetlearn.coordinator;

import static io.fleetlearn.coordinator.TestSupport.COORDINATOR_PASSWORD;
import static io.fleetlearn.coordinator.TestSupport.DEVICE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class CoordinatorVerticleTest {
  @TempDir Path dataDir;
  private int mqttPort;
  private CoordinatorVerticle verticle;
  private String deploymentId;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) throws Exception {
    mqttPort = TestSupport.freePort();
    verticle = new CoordinatorVerticle();
    vertx
        .deployVerticle(
            verticle, new DeploymentOptions().setConfig(TestSupport.config(dataDir, mqttPort)))
        .onComplete(
            testContext.succeeding(
                id -> {
                  deploymentId = id;
                  testContext.completeNow();
                }));
  }

  @Test
  void health_returns200(Vertx vertx, VertxTestContext testContext) {
    Checkpoint answered = testContext.checkpoint();
    TestSupport.http(vertx, verticle.httpPort(), HttpMethod.GET, "/health", null)
        .onComplete(
            testContext.succeeding(
                r ->
                    testContext.verify(
                        () -> {
                          assertThat(r.status()).isEqualTo(200);
                          assertThat(r.json().getString("status")).isEqualTo("UP");
                          answered.flag();
                        })));
  }

  @Test
  void readiness_returns200_whenBrokerAndDatabaseAreUp(Vertx vertx, VertxTestContext testContext) {
    Checkpoint answered = testContext.checkpoint();
    TestSupport.http(vertx, verticle.httpPort(), HttpMethod.GET, "/readiness", null)
        .onComplete(
            testContext.succeeding(
                r ->
                    testContext.verify(
                        () -> {
                          assertThat(r.status()).isEqualTo(200);
                          assertThat(r.json().getJsonObject("checks").getString("mqtt"))
                              .isEqualTo("UP");
                          answered.flag();
                        })));
  }

  @Test
  void unknownPath_returns404ProblemDetail(Vertx vertx, VertxTestContext testContext) {
    Checkpoint answered = testContext.checkpoint();
    TestSupport.http(vertx, verticle.httpPort(), HttpMethod.GET, "/no/such/thing", null)
        .onComplete(
            testContext.succeeding(
                r ->
                    testContext.verify(
                        () -> {
                          assertThat(r.status()).isEqualTo(404);
                          assertThat(r.contentType()).isEqualTo("application/problem+json");
                          assertThat(r.json().getInteger("status")).isEqualTo(404);
                          assertThat(r.json().getString("detail")).contains("/no/such/thing");
                          answered.flag();
                        })));
  }

  @Test
  void oversizedBody_returns413ProblemDetail(Vertx vertx, VertxTestContext testContext) {
    Checkpoint answered = testContext.checkpoint();
    Buffer big = Buffer.buffer(new byte[4096]);
    TestSupport.http(vertx, verticle.httpPort(), HttpMethod.POST, "/health", big)
        .onComplete(
            testContext.succeeding(
                r ->
                    testContext.verify(
                        () -> {
                          assertThat(r.status()).isEqualTo(413);
                          assertThat(r.contentType()).isEqualTo("application/problem+json");
                          assertThat(r.json().getString("detail")).contains("1024 bytes");
                          answered.flag();
                        })));
  }

  @Test
  void mqttLogin_succeeds_withDeviceCredentials() throws Exception {
    MqttClient shared = TestSupport.mqtt(mqttPort, "d-1", "d-1", DEVICE_PASSWORD);
    MqttClient own = TestSupport.mqtt(mqttPort, "d-special", "d-special", "special-secret");

    assertThat(shared.isConnected()).isTrue();
    assertThat(own.isConnected()).isTrue();
    shared.disconnect();
    own.disconnect();
    shared.close();
    own.close();
  }

  @Test
  void mqttLogin_isRefused_withWrongPasswordOrAnonymous() {
    // 0x86 = 134: Bad User Name or Password.
    assertThatThrownBy(() -> TestSupport.mqtt(mqttPort, "d-1", "d-1", "wrong"))
        .isInstanceOfSatisfying(
            MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(134));
    assertThatThrownBy(() -> TestSupport.mqtt(mqttPort, "d-special", "d-special", DEVICE_PASSWORD))
        .isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> TestSupport.mqtt(mqttPort, "anon", null, null))
        .isInstanceOf(MqttException.class);
  }

  @Test
  void device_publishesAndSubscribesOnlyWhereTheAclAllows() throws Exception {
    // Arrange: a listener with the coordinator's rights, and device d-1.
    List<String> seen = new CopyOnWriteArrayList<>();
    MqttClient listener =
        TestSupport.mqtt(mqttPort, "listener", "coordinator", COORDINATOR_PASSWORD);
    listener.subscribe(
        new MqttSubscription[] {new MqttSubscription("fl/test/device/+/status", 1)},
        new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
          (topic, m) -> seen.add(topic + "=" + new String(m.getPayload(), StandardCharsets.UTF_8))
        });
    MqttClient forger = TestSupport.mqtt(mqttPort, "d-1", "d-1", DEVICE_PASSWORD);

    // Act: the forbidden publish first, acknowledged (or answered with a disconnect, reason 0x87
    // Not authorized) before the allowed one is sent on a fresh connection: had the forged message
    // been routed, it would have reached the listener before "mine".
    try {
      forger.publish("fl/test/device/d-2/status", message("forged"));
    } catch (MqttException refused) {
      // HiveMQ may close the connection instead of a negative PUBACK; both mean "dropped".
    }
    closeQuietly(forger);
    MqttClient device = TestSupport.mqtt(mqttPort, "d-1", "d-1", DEVICE_PASSWORD);
    device.publish("fl/test/device/d-1/status", message("mine"));

    // Assert
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> seen.contains("fl/test/device/d-1/status=mine"));
    assertThat(seen).noneMatch(s -> s.contains("forged"));
    // Subscriptions: its own task (granted QoS 1), not another device's (0x87 Not authorized).
    assertThat(subackCode(device, "fl/test/device/d-1/task")).isEqualTo(1);
    assertThat(subackCode(device, "fl/test/model/#")).isEqualTo(1);
    assertThat(subackCode(device, "fl/test/device/d-2/task")).isEqualTo(0x87);
    closeQuietly(device);
    listener.disconnect();
    listener.close();
  }

  @Test
  void undeploy_releasesBrokerAndDatabase_andRedeployOnSameDataDirWorks(
      Vertx vertx, VertxTestContext testContext) {
    Checkpoint ready = testContext.checkpoint();
    vertx
        .undeploy(deploymentId)
        .compose(
            v -> {
              testContext.verify(this::assertReleased);
              CoordinatorVerticle again = new CoordinatorVerticle();
              return vertx
                  .deployVerticle(
                      again,
                      new DeploymentOptions().setConfig(TestSupport.config(dataDir, mqttPort)))
                  .compose(
                      id ->
                          TestSupport.http(
                              vertx, again.httpPort(), HttpMethod.GET, "/readiness", null));
            })
        .onComplete(
            testContext.succeeding(
                r ->
                    testContext.verify(
                        () -> {
                          assertThat(r.status()).isEqualTo(200);
                          ready.flag();
                        })));
  }

  /** Threads the JVM, surefire and the test's own Vert.x instance own; anything else leaked. */
  private static final List<String> SHARED_THREADS =
      List.of(
          "vert.x-",
          "vertx-",
          "surefire-",
          "main",
          "Cleaner-",
          "Common-Cleaner",
          "Finalizer",
          "JNA Cleaner",
          "Notification Thread",
          "Reference Handler",
          "Signal Dispatcher",
          "process reaper",
          "Attach Listener",
          "ForkJoinPool.commonPool-",
          "proxy-");

  private void assertReleased() throws Exception {
    // The broker's port is free again, and no thread of the broker, Paho or RocksDB is left.
    try (ServerSocket s = new ServerSocket(mqttPort)) {
      assertThat(s.getLocalPort()).isEqualTo(mqttPort);
    }
    // No waiting needed: stop() completes only after HiveMQ and Paho joined their threads.
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .allMatch(n -> SHARED_THREADS.stream().anyMatch(n::startsWith));
  }

  /** The SUBACK reason code for one filter, whether Paho reports it as a code or a failure. */
  private static int subackCode(MqttClient client, String filter) {
    try {
      return client.subscribe(
              new MqttSubscription[] {new MqttSubscription(filter, 1)},
              new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, m) -> {}})
          .getReasonCodes()[0];
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  private static void closeQuietly(MqttClient client) {
    try {
      client.disconnectForcibly(0, 1000);
    } catch (MqttException alreadyDisconnectedByTheBroker) {
      // Nothing to do: close() below frees the client either way.
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      throw new IllegalStateException("cannot close test client " + client.getClientId(), e);
    }
  }

  private static MqttMessage message(String text) {
    MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    return m;
  }
}
