package io.fleetlearn.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.device.config.ConfigLoader;
import io.fleetlearn.device.config.DeviceConfig;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.testsupport.mosquitto.MosquittoProcess;
import io.fleetlearn.testsupport.mqtt.MqttProbe;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real device client against a real {@code mosquitto} running the configuration the coordinator
 * ships (its ACL included). Skipped, with a message, where no mosquitto binary exists.
 */
class DeviceMosquittoInteropTest {
  private static final Topics TOPICS = Topics.of("test");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final Messages messages = new Messages();

  @BeforeAll
  static void needsMosquitto() {
    MosquittoProcess.assumeInstalled();
  }

  @Test
  void device_reconnectsByItself_afterMosquittoIsKilledAndRestarted_andTakesTasksAgain()
      throws Exception {
    try (MosquittoProcess broker =
        MosquittoProcess.in(dir.resolve("mosquitto"))
            .shipped()
            .user("coordinator", "c-pw")
            .user("pi-7", "d-pw")
            .start()) {
      DeviceConfig config = config(broker, "pi-7", "d-pw");
      try (DeviceClient device = DeviceClient.start(config)) {
        // Its login passes the shipped ACL: the retained status arrives at the coordinator.
        try (MqttProbe watcher = coordinator(broker, "watcher-1")) {
          watcher.subscribe(TOPICS.status("pi-7"));
          DeviceStatus first = status(watcher);
          assertThat(first.state()).isNotEqualTo(DeviceState.OFFLINE);
        }

        broker.kill();
        await().atMost(WAIT).until(() -> !device.connected());
        broker.start();

        // Back on its own (jittered back-off from 1 s); the session may be gone (SIGKILL before
        // an autosave), so it must have subscribed again: a task whose deadline passed comes
        // back as a decline in its status.
        await().atMost(WAIT).until(device::connected);
        try (MqttProbe coordinator = coordinator(broker, "watcher-2")) {
          coordinator.subscribe(TOPICS.status("pi-7"));
          await()
              .atMost(WAIT)
              .pollInterval(Duration.ofSeconds(1))
              .untilAsserted(
                  () -> {
                    coordinator.publish(TOPICS.task("pi-7"), messages.write(lateTask(9)), false);
                    DeviceStatus now = status(coordinator);
                    assertThat(now.decline()).isNotNull();
                    assertThat(now.decline().round()).isEqualTo(9);
                  });
        }
      }
    }
  }

  private DeviceStatus status(MqttProbe watcher) {
    return messages.read(watcher.await(TOPICS.status("pi-7"), WAIT).payload(), DeviceStatus.class);
  }

  private static MqttProbe coordinator(MosquittoProcess broker, String clientId) throws Exception {
    return MqttProbe.connect(broker.uri(), clientId, "coordinator", "c-pw", 0);
  }

  private static TaskMessage lateTask(long round) {
    return new TaskMessage(
        TaskType.TRAIN,
        round,
        1,
        "w100",
        "mlp(784, 16, 10)",
        1_000_000,
        Presets.UPLOAD,
        1,
        32,
        0.05,
        Optimizer.SGD,
        0,
        0,
        System.currentTimeMillis() - 1);
  }

  private DeviceConfig config(MosquittoProcess broker, String id, String password)
      throws Exception {
    Path passwordFile = dir.resolve(id + ".password");
    Files.writeString(passwordFile, password);
    Path sample = resource("fashion-mnist-sample");
    Properties p = new Properties();
    p.setProperty("device.id", id);
    p.setProperty("fleet", "test");
    p.setProperty("broker.uri", broker.uri());
    p.setProperty("broker.username", id);
    p.setProperty("broker.password.file", passwordFile.toString());
    p.setProperty("data.folder", dir.resolve(id).toString());
    p.setProperty("train.images", sample.resolve("train-images-idx3-ubyte.gz").toString());
    p.setProperty("train.labels", sample.resolve("train-labels-idx1-ubyte.gz").toString());
    p.setProperty("system.root", resource("sysroot/host").toString());
    p.setProperty("benchmark.millis", "50");
    p.setProperty("status.interval.seconds", "1");
    return ConfigLoader.fromProperties(p, "test", dir, Map.of());
  }

  private static Path resource(String name) {
    try {
      return Path.of(DeviceMosquittoInteropTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
