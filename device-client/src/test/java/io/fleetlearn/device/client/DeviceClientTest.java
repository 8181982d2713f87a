package io.fleetlearn.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.Frame;
import io.fleetlearn.compression.frame.FrameKind;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.device.config.ConfigLoader;
import io.fleetlearn.device.config.DeviceConfig;
import io.fleetlearn.device.inference.LocalInference;
import io.fleetlearn.device.transport.OutgoingMessage;
import io.fleetlearn.device.transport.PahoSettings;
import io.fleetlearn.device.transport.PahoTransport;
import io.fleetlearn.protocol.message.Decline;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.EvaluationReport;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.testsupport.mqtt.HiveMqBroker;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device against a real embedded broker, with the test playing the coordinator. */
class DeviceClientTest {
  private static final Topics TOPICS = Topics.of("test");
  private static final ModelSpec CNN = ModelSpec.parse("cnn");
  private static final Ratio HALF = Ratio.of(0.5);
  private static final String VARIANT = "w50";
  private static final Duration WAIT = Duration.ofSeconds(40);

  /** Header allowance of an update frame: names, shapes, pipeline name and attributes. */
  private static final int HEADER_BYTES = 256;

  @TempDir static Path folder;
  private static HiveMqBroker broker;
  private static PahoTransport coordinator;
  private final Messages messages = new Messages();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new HiveMqBroker(folder.resolve("broker")).start();
    coordinator =
        new PahoTransport(
            PahoSettings.of(broker.uri(), "coordinator").withTimeout(Duration.ofSeconds(10)));
    coordinator.connect(OutgoingMessage.retained(TOPICS.coordinatorStatus(), new byte[0]), e -> {});
  }

  @AfterAll
  static void stopBroker() throws Exception {
    coordinator.close();
    broker.close();
  }

  @Test
  void
      trainsAnUpdateThatDecodesWithTheSpecLayoutAndPromisedSize_refusesABadModel_reusesTheResidual()
          throws Exception {
    // Prepare
    String id = "pi-train";
    LinkedBlockingQueue<byte[]> updates = new LinkedBlockingQueue<>();
    AtomicReference<DeviceStatus> status = watch(id, updates);
    DeviceConfig config = config(id, sysroot("host"), Map.of());
    ResidualStore residuals = new ResidualStore(config.residualFolder());
    publishModel(1);

    try (DeviceClient device = DeviceClient.start(config)) {
      awaitSubscribed(status);
      // Execute: a round of three local epochs on a good model
      publishTask(id, task(1, 1, 3));
      byte[] bytes = updates.poll(WAIT.toSeconds(), TimeUnit.SECONDS);

      // Assert
      assertThat(bytes).as("update of round 1").isNotNull();
      Frame frame = Frames.decode(bytes, DecodeLimits.defaults());
      assertThat(frame.header().kind()).isEqualTo(FrameKind.UPDATE);
      assertThat(frame.header().round()).isEqualTo(1);
      assertThat(frame.header().attributes()).containsEntry("device", id).containsKey("nonce");
      double firstLoss = Double.parseDouble(frame.header().attributes().get("loss.first"));
      double lastLoss = Double.parseDouble(frame.header().attributes().get("loss.last"));
      assertThat(firstLoss).as("untrained: about ln 10").isBetween(1.5, 3.5);
      assertThat(lastLoss).as("the loss falls over the local epochs").isLessThan(firstLoss);
      assertThat(layout(frame.model())).isEqualTo(CNN.tensors(HALF));
      long dense = frame.model().denseBytes();
      assertThat(bytes.length).isLessThanOrEqualTo((int) (dense / 100 + HEADER_BYTES));
      Path residual = residuals.file(CNN, HALF);
      assertThat(residual).isRegularFile();

      // Execute: a corrupt model frame is refused and reported
      coordinator.publish(OutgoingMessage.retained(TOPICS.model(2, VARIANT), garbage()));
      publishTask(id, task(2, 2));
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(status.get().decline()).isNotNull();
                assertThat(status.get().decline().round()).isEqualTo(2);
                assertThat(status.get().decline().reason()).startsWith("model frame refused");
              });

      // Execute: the next round reads the residual from disk (planted: 5.0 on the first weight)
      Model planted = new ErrorFeedback(frame.model().zerosLike()).residual();
      planted.tensor(0).array()[planted.tensor(0).offset()] = 5f;
      new ErrorFeedback(planted).save(residual);
      publishModel(3);
      publishTask(id, task(3, 3));
      byte[] third = updates.poll(WAIT.toSeconds(), TimeUnit.SECONDS);

      // Assert: the device kept going, and the planted residual went out with the update
      assertThat(third).as("update of round 3").isNotNull();
      Tensor first = Frames.decode(third, DecodeLimits.defaults()).model().tensor(0);
      assertThat(first.array()[first.offset()]).isCloseTo(5f, within(0.5f));
      Tensor kept = ErrorFeedback.load(residual).residual().tensor(0);
      assertThat(kept.array()[kept.offset()]).isCloseTo(0f, within(0.5f));
      assertThat(device.status().decline().round()).isEqualTo(2);
      // The last accepted model (3, not the refused 2) is kept for local inference.
      try (LocalInference local =
          LocalInference.open(config.modelFolder(), config.decodeLimits())) {
        assertThat(local.model().version()).isEqualTo(3);
        assertThat(local.model().spec()).isEqualTo("cnn");
        assertThat(local.model().width()).isEqualTo(HALF);
        assertThat(local.predict(new float[28 * 28]).size()).isEqualTo(1);
      }
    }
  }

  @Test
  void declinesATaskWithTheReasonWhenTheBatteryIsLow_andABadTaskAsRefused() throws Exception {
    // Prepare: a Pi on battery at 12% whose owner requires 30%
    String id = "pi-low";
    AtomicReference<DeviceStatus> status = watch(id, new LinkedBlockingQueue<>());
    Path root = folder.resolve("low-battery");
    Path bat = Files.createDirectories(root.resolve("sys/class/power_supply/BAT0"));
    Files.writeString(bat.resolve("type"), "Battery\n");
    Files.writeString(bat.resolve("capacity"), "12\n");
    Files.writeString(bat.resolve("status"), "Discharging\n");
    Path proc = Files.createDirectories(root.resolve("proc"));
    for (String f : List.of("meminfo", "loadavg")) {
      Files.copy(sysroot("pi4").resolve("proc").resolve(f), proc.resolve(f));
    }
    DeviceConfig config = config(id, root, Map.of("eligibility.min.battery.percent", "30"));

    try (DeviceClient device = DeviceClient.start(config)) {
      awaitSubscribed(status);
      // Execute
      publishTask(id, task(5, 1));

      // Assert
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(status.get().decline().reason()).contains("battery 12% is below 30%"));

      // Execute: a task that fails validation
      coordinator.publish(
          OutgoingMessage.of(TOPICS.task(id), "{\"round\":-1}".getBytes(StandardCharsets.UTF_8)));

      // Assert
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(status.get().decline().round()).isZero();
                assertThat(status.get().decline().reason()).startsWith("task refused: TaskMessage");
              });
    }
  }

  @Test
  void declinesASecondTaskWhileBusy_andReportsAnEvaluationInItsStatus() throws Exception {
    // Prepare
    String id = "pi-eval";
    LinkedBlockingQueue<byte[]> updates = new LinkedBlockingQueue<>();
    AtomicReference<DeviceStatus> status = watch(id, updates);
    publishModel(1);

    try (DeviceClient device = DeviceClient.start(config(id, sysroot("host"), Map.of()))) {
      awaitSubscribed(status);

      // Execute: two tasks back to back; the transport hands them over one after the other
      publishTask(id, task(7, 1));
      publishTask(id, task(8, 1));

      // Assert
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(status.get().decline())
                      .isEqualTo(new Decline(8, "busy with round 7")));
      assertThat(updates.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("round 7").isNotNull();
      // The update arrives before the worker has marked itself idle; a task sent in between
      // would be declined as busy, so wait for idle first.
      await().atMost(WAIT).until(() -> device.status().state() == DeviceState.ONLINE);

      // Execute: an evaluation of the same model on the bundled 200 test examples
      TaskMessage t = task(9, 1);
      publishTask(
          id,
          new TaskMessage(
              TaskType.EVALUATE,
              9,
              1,
              VARIANT,
              "cnn",
              HALF.ppm(),
              Presets.UPLOAD,
              1,
              32,
              0.05,
              Optimizer.SGD,
              0,
              0,
              t.deadlineMillis()));

      // Assert
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                EvaluationReport r = status.get().evaluation();
                assertThat(r.round()).isEqualTo(9);
                assertThat(r.samples()).isEqualTo(200);
                assertThat(r.accuracy()).isBetween(0.0, 1.0);
                assertThat(r.loss()).isPositive();
              });
      assertThat(updates).as("an evaluation sends no update").isEmpty();
    }
  }

  @Test
  void anUpdateMadeWhileTheLinkIsDownWaitsInTheOutboxAndGoesOutOnReconnect() throws Exception {
    // Prepare
    String id = "pi-offline";
    ScriptedTransport link = new ScriptedTransport();
    link.retained.put(TOPICS.model(1, VARIANT), modelFrame(1));
    DeviceConfig config = config(id, sysroot("host"), Map.of());

    try (DeviceClient device = DeviceClient.start(config, link)) {
      await().atMost(WAIT).until(() -> link.handlers.containsKey(TOPICS.task(id)));
      link.failUpdates = true;

      // Execute
      link.deliver(TOPICS.task(id), messages.write(task(11, 1)));

      // Assert: kept on disk, not sent
      await().atMost(WAIT).until(() -> fileCount(config.outboxFolder()) == 1);
      assertThat(link.updates).isEmpty();

      // Execute: the link comes back
      link.failUpdates = false;
      link.drop();

      // Assert
      OutgoingMessage sent = link.updates.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(sent).as("update of round 11 after reconnect").isNotNull();
      assertThat(Frames.decode(sent.payload(), DecodeLimits.defaults()).header().round())
          .isEqualTo(11);
      // The client also retries the outbox right after storing when it believes itself
      // connected; that retry can run after the link stopped failing and send the update before
      // the reconnect's flush does, so the reconnect is awaited, not read at this instant.
      await().atMost(WAIT).until(() -> link.connects == 2);
      await().atMost(WAIT).until(() -> fileCount(config.outboxFolder()) == 0);
    }
  }

  @Test
  void anUpdateOverTheBrokersPacketLimitIsDeclinedWithTheReason_notKeptInTheOutbox()
      throws Exception {
    // Prepare: the transport refuses the update as too large, as PahoTransport does for a PUBLISH
    // over the CONNACK's Maximum Packet Size
    String id = "pi-big";
    ScriptedTransport link = new ScriptedTransport();
    link.retained.put(TOPICS.model(1, VARIANT), modelFrame(1));
    link.failUpdates = true;
    link.updateFailureCode = PahoTransport.PACKET_TOO_LARGE;
    DeviceConfig config = config(id, sysroot("host"), Map.of());

    try (DeviceClient device = DeviceClient.start(config, link)) {
      await().atMost(WAIT).until(() -> link.handlers.containsKey(TOPICS.task(id)));

      // Execute
      link.deliver(TOPICS.task(id), messages.write(task(12, 1)));

      // Assert
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(device.status().decline()).isNotNull();
                assertThat(device.status().decline().round()).isEqualTo(12);
                assertThat(device.status().decline().reason())
                    .startsWith("update too large: 0x95 packet too large");
              });
      assertThat(fileCount(config.outboxFolder())).isZero();
    }
  }

  private static long fileCount(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  /** The first status is published after the device subscribed to its tasks. */
  private static void awaitSubscribed(AtomicReference<DeviceStatus> status) {
    await().atMost(WAIT).until(() -> status.get() != null);
  }

  private AtomicReference<DeviceStatus> watch(String id, LinkedBlockingQueue<byte[]> updates) {
    AtomicReference<DeviceStatus> status = new AtomicReference<>();
    coordinator.subscribe(
        TOPICS.status(id), 1, (t, p) -> status.set(messages.read(p, DeviceStatus.class)));
    coordinator.subscribe(TOPICS.update(id), 1, (t, p) -> updates.add(p));
    return status;
  }

  private static void publishModel(long version) {
    coordinator.publish(
        OutgoingMessage.retained(TOPICS.model(version, VARIANT), modelFrame(version)));
  }

  /** The coordinator's download frame of the half-width variant. */
  private static byte[] modelFrame(long version) {
    return Presets.download(HALF)
        .encodeFrame(
            FrameMeta.model(version, VARIANT),
            CNN.initialize(version),
            EncodeContext.plain().withChain(CNN.chain()));
  }

  private void publishTask(String id, TaskMessage task) {
    coordinator.publish(OutgoingMessage.of(TOPICS.task(id), messages.write(task)));
  }

  private static TaskMessage task(long round, long modelVersion) {
    return task(round, modelVersion, 1);
  }

  private static TaskMessage task(long round, long modelVersion, int epochs) {
    return new TaskMessage(
        TaskType.TRAIN,
        round,
        modelVersion,
        VARIANT,
        "cnn",
        HALF.ppm(),
        Presets.UPLOAD,
        epochs,
        32,
        0.05,
        Optimizer.SGD,
        0,
        0,
        System.currentTimeMillis() + 120_000);
  }

  private static byte[] garbage() {
    byte[] b = new byte[4096];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  private static List<TensorInfo> layout(Model m) {
    List<TensorInfo> out = new ArrayList<>();
    m.tensors().forEach(t -> out.add(new TensorInfo(t.name(), t.shape())));
    return out;
  }

  private static DeviceConfig config(String id, Path root, Map<String, String> extra) {
    Path sample = resource("fashion-mnist-sample");
    Properties p = new Properties();
    p.setProperty("device.id", id);
    p.setProperty("fleet", "test");
    p.setProperty("broker.uri", broker.uri());
    p.setProperty("data.folder", folder.resolve(id).toString());
    p.setProperty("train.images", sample.resolve("train-images-idx3-ubyte.gz").toString());
    p.setProperty("train.labels", sample.resolve("train-labels-idx1-ubyte.gz").toString());
    p.setProperty("test.images", sample.resolve("t10k-images-idx3-ubyte.gz").toString());
    p.setProperty("test.labels", sample.resolve("t10k-labels-idx1-ubyte.gz").toString());
    p.setProperty("system.root", root.toString());
    p.setProperty("benchmark.millis", "50");
    p.setProperty("status.interval.seconds", "1");
    extra.forEach(p::setProperty);
    return ConfigLoader.fromProperties(p, "test", folder, Map.of());
  }

  private static Path sysroot(String name) {
    return resource("sysroot/" + name);
  }

  private static Path resource(String name) {
    try {
      return Path.of(DeviceClientTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
