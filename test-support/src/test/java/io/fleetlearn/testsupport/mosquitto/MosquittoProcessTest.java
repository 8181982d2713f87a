package io.fleetlearn.testsupport.mosquitto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.testsupport.mqtt.MqttProbe;
import io.fleetlearn.testsupport.mqtt.Received;
import io.fleetlearn.testsupport.net.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoProcessTest {
  @TempDir Path dir;

  @BeforeAll
  static void needsMosquitto() {
    MosquittoProcess.assumeInstalled();
  }

  @Test
  void login_succeedsWithThePasswordWritten_andIsRefusedWithAnother() throws Exception {
    try (MosquittoProcess broker = MosquittoProcess.in(dir).user("alice", "right").start()) {
      MqttClient ok = connect(broker, "c-ok", "alice", "right");
      assertThat(ok.isConnected()).isTrue();
      ok.disconnect();
      ok.close();

      assertThatThrownBy(() -> connect(broker, "c-bad", "alice", "wrong"))
          .isInstanceOf(MqttException.class);
      assertThatThrownBy(() -> connect(broker, "c-anon", null, null))
          .isInstanceOf(MqttException.class);
    }
  }

  @Test
  void kill_closesThePortAtOnce_andStartListensOnTheSamePortAgain() throws Exception {
    try (MosquittoProcess broker = MosquittoProcess.in(dir).user("alice", "pw").start()) {
      int port = broker.port();

      broker.kill();

      assertThat(broker.isRunning()).isFalse();
      assertThat(FreePorts.isListening(port)).isFalse();
      broker.start();
      assertThat(broker.port()).isEqualTo(port);
      MqttClient again = connect(broker, "c-again", "alice", "pw");
      assertThat(again.isConnected()).isTrue();
      again.disconnect();
      again.close();
    }
  }

  @Test
  void aRetainedMessage_survivesAStopAndStart_onTheSamePersistenceFolder() throws Exception {
    try (MosquittoProcess broker = MosquittoProcess.in(dir).user("alice", "pw").start()) {
      MqttClient publisher = connect(broker, "c-pub", "alice", "pw");
      MqttMessage message = new MqttMessage("kept".getBytes(StandardCharsets.UTF_8));
      message.setQos(1);
      message.setRetained(true);
      publisher.publish("t/retained", message);
      publisher.disconnect();
      publisher.close();

      broker.stop();
      broker.start();

      try (MqttProbe reader = MqttProbe.connect(broker.uri(), "c-read", "alice", "pw", 0)) {
        reader.subscribe("t/retained");
        Received got = reader.await("t/retained", Duration.ofSeconds(10));
        assertThat(got.text()).isEqualTo("kept");
        assertThat(got.retained()).isTrue();
      }
    }
  }

  private static MqttClient connect(MosquittoProcess broker, String id, String user, String pw)
      throws MqttException {
    MqttClient client = new MqttClient(broker.uri(), id, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setConnectionTimeout(5);
    if (user != null) {
      options.setUserName(user);
      options.setPassword(pw.getBytes(StandardCharsets.UTF_8));
    }
    client.connect(options);
    return client;
  }
}
