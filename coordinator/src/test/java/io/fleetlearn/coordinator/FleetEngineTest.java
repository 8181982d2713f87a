package io.fleetlearn.coordinator;

import static io.fleetlearn.coordinator.TestSupport.DEVICE_PASSWORD;
import static io.fleetlearn.coordinator.TestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.coordinator.fleet.DeviceView;
import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Resources;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet service's trainings and registry, through a deployed coordinator. */
class FleetEngineTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final Messages messages = new Messages();
  @TempDir Path dataDir;
  private Vertx vertx;
  private int mqttPort;
  private CoordinatorVerticle verticle;
  private String deployment;

  @BeforeEach
  void deploy() throws Exception {
    vertx = Vertx.vertx();
    mqttPort = TestSupport.freePort();
    deployVerticle();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void trainings_areCreatedConfiguredAndStarted_andSurviveARedeploy() throws Exception {
    // Arrange
    TrainingRequest first = TrainingRequest.defaults("first");
    TrainingRequest second = TrainingRequest.defaults("second");

    // Act
    TrainingView a = get(verticle.fleet().createTraining(first));
    TrainingView b = get(verticle.fleet().createTraining(second));
    TrainingRequest changed = withRounds(first, 3);
    TrainingView configured = get(verticle.fleet().configureTraining(a.id(), changed));
    get(verticle.fleet().startTraining(a.id()));
    Throwable conflict = failure(verticle.fleet().startTraining(b.id()));
    Throwable reconfigure = failure(verticle.fleet().configureTraining(a.id(), first));
    Throwable missing =
        failure(
            verticle.fleet().training("nope").compose(o -> verticle.fleet().startTraining("nope")));
    get(vertx.undeploy(deployment));
    deployVerticle();

    // Assert
    assertThat(configured.request().rounds()).isEqualTo(3);
    assertThat(conflict)
        .isInstanceOfSatisfying(
            FleetException.class,
            e -> assertThat(e.kind()).isEqualTo(FleetException.Kind.CONFLICT));
    assertThat(reconfigure).isInstanceOf(FleetException.class);
    assertThat(missing)
        .isInstanceOfSatisfying(
            FleetException.class,
            e -> assertThat(e.kind()).isEqualTo(FleetException.Kind.NOT_FOUND));
    List<TrainingView> all = get(verticle.fleet().trainings());
    assertThat(all).extracting(TrainingView::id).containsExactlyInAnyOrder(a.id(), b.id());
    Optional<TrainingView> reloaded = get(verticle.fleet().training(a.id()));
    assertThat(reloaded)
        .get()
        .satisfies(
            t -> {
              assertThat(t.request()).isEqualTo(changed);
              assertThat(t.state()).isIn(TrainingState.RUNNING);
            });
  }

  @Test
  void status_registersTheDevice_andOneNamingAnotherDeviceIsRefusedAndCounted() throws Exception {
    // Arrange
    MqttClient device = TestSupport.mqtt(mqttPort, "d-1", "d-1", DEVICE_PASSWORD);

    // Act
    device.publish("fl/test/device/d-1/status", retained(status("d-1", 300_000_000L)));
    device.publish("fl/test/device/d-1/status", retained(status("d-2", 100L)));
    device.publish("fl/test/device/d-1/status", retained("{not json".getBytes()));
    device.publish("fl/test/device/d-1/status", retained(status("d-1", 200_000_000L)));

    // Assert
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Optional<DeviceView> d = get(verticle.fleet().device("d-1"));
              assertThat(d)
                  .get()
                  .satisfies(
                      v -> {
                        assertThat(v.online()).isTrue();
                        assertThat(v.resources().memAvailableBytes()).isEqualTo(200_000_000L);
                      });
              assertThat(get(verticle.fleet().resourceHistory("d-1", 10))).hasSize(2);
            });
    assertThat(get(verticle.fleet().device("d-2"))).isEmpty();
    assertThat(counter("impersonation")).isEqualTo(1.0);
    assertThat(counter("malformed")).isEqualTo(1.0);
    device.disconnect();
    device.close();
  }

  private double counter(String reason) {
    var c =
        verticle
            .metrics()
            .registry()
            .find("fleetlearn.status.rejected")
            .tag("reason", reason)
            .counter();
    return c == null ? 0 : c.count();
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

  private void deployVerticle() throws Exception {
    verticle = new CoordinatorVerticle();
    deployment =
        get(
            vertx.deployVerticle(
                verticle,
                new DeploymentOptions().setConfig(TestSupport.config(dataDir, mqttPort))));
  }

  static TrainingRequest withRounds(TrainingRequest r, int rounds) {
    return new TrainingRequest(
        r.name(),
        r.spec(),
        r.strategy(),
        r.strategyOptions(),
        rounds,
        r.fraction(),
        r.minDevices(),
        r.maxDevices(),
        r.quorum(),
        r.deadlineSeconds(),
        r.epochs(),
        r.batchSize(),
        r.learningRate(),
        r.optimizer(),
        r.proximalMu(),
        r.l1(),
        r.uploadPipeline(),
        r.downloadPipeline(),
        r.sizing(),
        r.evaluateEvery(),
        r.maxSamplesPerUpdate(),
        r.normBound(),
        r.seed());
  }

  static Throwable failure(Future<?> f) {
    try {
      get(f);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
  }
}
