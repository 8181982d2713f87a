package io.fleetlearn.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.Frame;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.coordinator.fleet.DeviceView;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.harness.SimulatedDevice;
import io.fleetlearn.coordinator.harness.UpdateFrames;
import io.fleetlearn.protocol.message.CoordinatorStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.testsupport.mosquitto.MosquittoProcess;
import io.fleetlearn.testsupport.mqtt.MqttProbe;
import io.fleetlearn.testsupport.mqtt.Received;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator and Paho devices against a real {@code mosquitto} running the configuration in
 * {@code src/dist/mosquitto} (only listener, paths and log substituted). Skipped, with a message,
 * where no mosquitto binary exists.
 */
@ExtendWith(VertxExtension.class)
class MosquittoInteropTest {
  private static final String FLEET = "test";
  private static final Topics TOPICS = Topics.of(FLEET);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String COORDINATOR_PW = "coordinator-secret";
  private static final int NOT_AUTHORIZED = 0x87;

  @TempDir Path dir;
  private MosquittoProcess broker;

  @BeforeAll
  static void needsMosquitto() {
    MosquittoProcess.assumeInstalled();
  }

  @BeforeEach
  void startBroker() {
    broker =
        MosquittoProcess.in(dir.resolve("mosquitto"))
            .shipped()
            .user("coordinator", COORDINATOR_PW)
            .user("d-1", "pw-1")
            .user("d-2", "pw-2")
            .start();
  }

  @AfterEach
  void stopBroker() {
    broker.close();
  }

  @Test
  void coordinator_logsInToMosquitto_publishesItsRetainedOnlineStatus_andIsReady(Vertx vertx)
      throws Exception {
    CoordinatorVerticle coordinator = deploy(vertx);

    try (MqttProbe watcher = coordinatorUser("watcher")) {
      watcher.subscribe(TOPICS.coordinatorStatus());
      Received status = watcher.await(TOPICS.coordinatorStatus(), WAIT);

      assertThat(status.retained()).isTrue();
      CoordinatorStatus parsed = new Messages().read(status.payload(), CoordinatorStatus.class);
      assertThat(parsed.online()).isTrue();
      assertThat(readiness(vertx, coordinator)).isEqualTo(200);
    }
  }

  @Test
  void device_cannotPublishUnderAnotherDevice_norReadItsTask_butCanUseItsOwnTopics()
      throws Exception {
    try (MqttProbe watcher = coordinatorUser("watcher");
        MqttProbe d1 = MqttProbe.connect(broker.uri(), "d-1", "d-1", "pw-1", 0);
        MqttProbe d2 = MqttProbe.connect(broker.uri(), "d-2", "d-2", "pw-2", 0)) {
      watcher.subscribe(TOPICS.allUpdates());
      // Mosquitto 2.0 grants any subscription and applies the read ACL to each message it
      // delivers (HiveMQ, embedded, refuses the subscription instead): what counts is delivery.
      d1.subscribe(TOPICS.task("d-2"));
      d1.subscribe(TOPICS.task("d-1"));
      d2.subscribe(TOPICS.task("d-2"));

      int forged = d1.publish(TOPICS.update("d-2"), bytes("forged"), false);
      int own = d1.publish(TOPICS.update("d-1"), bytes("own"), false);
      watcher.publish(TOPICS.task("d-2"), bytes("task for d-2"), false);
      watcher.publish(TOPICS.task("d-1"), bytes("task for d-1"), false);

      assertThat(forged).as("PUBACK for d-2's topic").isEqualTo(NOT_AUTHORIZED);
      assertThat(own).as("PUBACK for its own topic").isLessThan(0x80);
      // Messages on one connection arrive in order: once the later one is in, the earlier
      // (refused) one can no longer come.
      watcher.await(TOPICS.update("d-1"), WAIT);
      assertThat(watcher.received()).extracting(Received::topic).containsOnly(TOPICS.update("d-1"));
      d2.await(TOPICS.task("d-2"), WAIT);
      d1.await(TOPICS.task("d-1"), WAIT);
      assertThat(d1.received()).extracting(Received::text).containsExactly("task for d-1");
    }
  }

  @Test
  void aTwoMegabyteRetainedModelFrame_reachesADeviceThatSubscribesLater_andAnOversizedOneIsRefused()
      throws Exception {
    // 784·640 + 640 + 640·10 + 10 = 508,810 parameters, 2.0 MB as Fp32.
    Model model = ModelSpec.parse("mlp(784, 640, 10)").initialize(7);
    byte[] frame =
        Pipeline.parse("Fp32")
            .encodeFrame(FrameMeta.model(3, "w100"), model, EncodeContext.plain());
    assertThat(frame.length).isBetween(2_000_000, 2_200_000);

    try (MqttProbe coordinator = coordinatorUser("publisher")) {
      assertThat(coordinator.publish(TOPICS.model(3, "w100"), frame, true)).isLessThan(0x80);
    }
    try (MqttProbe sender = coordinatorUser("too-big")) {
      // Over the shipped message_size_limit (16 MiB). Mosquitto 2.0.11 answers PUBACK 0x95
      // (packet too large), a code Paho 1.2.5 does not accept in a PUBACK: its reader fails and
      // the connection drops. Either way the frame is refused and never retained.
      byte[] tooBig = new byte[(16 << 20) + 1];
      int refused;
      try {
        refused = sender.publish(TOPICS.model(4, "w100"), tooBig, true);
      } catch (MqttException e) {
        refused = e.getReasonCode();
      }
      assertThat(refused).as("reason code of the oversized publish").isGreaterThanOrEqualTo(0x80);
    }
    try (MqttProbe device = MqttProbe.connect(broker.uri(), "d-1", "d-1", "pw-1", 0)) {
      device.subscribe(TOPICS.allModels());
      Received got = device.await(TOPICS.model(3, "w100"), WAIT);

      assertThat(got.retained()).isTrue();
      Frame decoded = Frames.decode(got.payload(), DecodeLimits.defaults());
      assertThat(decoded.model().contentEquals(model))
          .as("decoded model equals the one sent")
          .isTrue();
      assertThat(device.received())
          .extracting(Received::topic)
          .doesNotContain(TOPICS.model(4, "w100"));
    }
  }

  @Test
  void aPersistentSession_getsTheTaskPublishedWhileOffline_butNotOneWhoseExpiryPassed()
      throws Exception {
    try (MqttProbe device = MqttProbe.connect(broker.uri(), "d-1", "d-1", "pw-1", 3600)) {
      device.subscribe(TOPICS.task("d-1"));
    } // clean disconnect: the session stays for its expiry

    try (MqttProbe coordinator = coordinatorUser("publisher")) {
      coordinator.publish(TOPICS.task("d-1"), bytes("expires"), false, 1);
      coordinator.publish(TOPICS.task("d-1"), bytes("keeps"), false, 600);
    }
    // The first task's expiry (1 s) has to pass while the device is away.
    await().pollDelay(Duration.ofMillis(2100)).atMost(Duration.ofSeconds(3)).until(() -> true);

    try (MqttProbe device = MqttProbe.connect(broker.uri(), "d-1", "d-1", "pw-1", 3600)) {
      Received task = device.await(TOPICS.task("d-1"), WAIT);

      assertThat(task.text()).isEqualTo("keeps");
      assertThat(device.received()).extracting(Received::text).containsExactly("keeps");
    }
  }

  @Test
  void afterMosquittoIsKilledAndRestarted_theCoordinatorLinkComesBackByItself(Vertx vertx)
      throws Exception {
    CoordinatorVerticle coordinator = deploy(vertx);
    assertThat(readiness(vertx, coordinator)).isEqualTo(200);

    broker.kill();
    await().atMost(WAIT).until(() -> readiness(vertx, coordinator) == 503);
    broker.start();

    // Jittered back-off: 1 s doubling, so it is back within a few seconds.
    await().atMost(WAIT).until(() -> readiness(vertx, coordinator) == 200);
    try (MqttProbe watcher = coordinatorUser("watcher-after")) {
      // The link can publish again: the status it sends on stop arrives retained.
      watcher.subscribe(TOPICS.coordinatorStatus());
      join(vertx.undeploy(deploymentId));
      deploymentId = null;
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          new Messages()
                              .read(
                                  watcher.await(TOPICS.coordinatorStatus(), WAIT).payload(),
                                  CoordinatorStatus.class)
                              .online())
                      .isFalse());
    }
  }

  @Test
  void aShortTraining_overMosquitto_completes(Vertx vertx) throws Exception {
    CoordinatorVerticle coordinator = deploy(vertx);
    FleetService fleet = coordinator.fleet();
    List<SimulatedDevice> devices = new ArrayList<>();
    try {
      for (String id : List.of("d-1", "d-2")) {
        SimulatedDevice d =
            SimulatedDevice.connect(broker.uri(), FLEET, id, id.equals("d-1") ? "pw-1" : "pw-2");
        d.publishStatus();
        devices.add(d);
      }
      await()
          .atMost(WAIT)
          .until(() -> join(fleet.devices()).stream().filter(DeviceView::online).count() == 2);
      String id = join(fleet.createTraining(training())).id();
      join(fleet.startTraining(id));

      for (long round = 1; round <= 2; round++) {
        for (SimulatedDevice d : devices) {
          TaskMessage task = d.awaitTask(round, WAIT);
          byte[] frame =
              UpdateFrames.encode(task, d.id(), UpdateFrames.delta(task, round), 300, round);
          assertThat(d.publishUpdate(frame)).isLessThan(0x80);
        }
      }

      await()
          .atMost(WAIT)
          .until(() -> join(fleet.training(id)).orElseThrow().state() == TrainingState.COMPLETED);
      List<RoundView> rounds = join(fleet.rounds(id));
      assertThat(rounds).extracting(RoundView::state).containsOnly(RoundState.CLOSED);
      assertThat(rounds).extracting(RoundView::accepted).containsExactly(2, 2);
    } finally {
      for (SimulatedDevice d : devices) {
        d.close();
      }
    }
  }

  private static TrainingRequest training() {
    return new TrainingRequest(
        "over-mosquitto",
        "mlp(784, 16, 10)",
        "fedavg",
        Map.of(),
        2,
        1.0,
        2,
        2,
        1.0,
        60,
        1,
        32,
        0.05,
        Optimizer.SGD,
        0,
        0,
        Presets.UPLOAD,
        Presets.DOWNLOAD,
        false,
        0,
        100_000,
        0,
        1);
  }

  private String deploymentId;

  private CoordinatorVerticle deploy(Vertx vertx) throws Exception {
    JsonObject config =
        new JsonObject()
            .put("CONFIG_FILE", dir.resolve("no-such-config.json").toString())
            .put("HTTP_PORT", 0)
            .put("DATA_DIR", dir.resolve("data").toString())
            .put("FLEET", FLEET)
            .put("MQTT_URL", broker.uri())
            .put("MQTT_USERNAME", "coordinator")
            .put("MQTT_PASSWORD", COORDINATOR_PW)
            .put("API_TOKEN", "token");
    CoordinatorVerticle verticle = new CoordinatorVerticle();
    deploymentId = join(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    return verticle;
  }

  @AfterEach
  void undeploy(Vertx vertx) throws Exception {
    if (deploymentId != null) {
      join(vertx.undeploy(deploymentId));
    }
  }

  private MqttProbe coordinatorUser(String clientId) throws Exception {
    return MqttProbe.connect(broker.uri(), clientId, "coordinator", COORDINATOR_PW, 0);
  }

  private static int readiness(Vertx vertx, CoordinatorVerticle coordinator) throws Exception {
    return join(TestSupport.http(vertx, coordinator.httpPort(), HttpMethod.GET, "/readiness", null))
        .status();
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
