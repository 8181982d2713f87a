package io.fleetlearn.device.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.testsupport.mqtt.HiveMqBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MQTT 5 Maximum Packet Size both ways, against a broker that announces 64 KiB. */
class MaximumPacketSizeTest {
  private static final Topics TOPICS = Topics.of("test");
  private static final int BROKER_MAX = 64 * 1024;

  @TempDir static Path folder;
  private static HiveMqBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = HiveMqBroker.withMaxPacketSize(folder.resolve("broker"), BROKER_MAX).start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  private static PahoTransport client(String id, int maximumPacketSize) {
    return new PahoTransport(
        PahoSettings.of(broker.uri(), id)
            .withTimeout(Duration.ofSeconds(5))
            .withMaximumPacketSize(maximumPacketSize));
  }

  private static OutgoingMessage will(String id) {
    return OutgoingMessage.retained(TOPICS.status(id), "offline".getBytes(UTF_8));
  }

  @Test
  void publish_refusesAnUpdateOverTheBrokersMaximumPacketSize_namingBothSizes() {
    try (PahoTransport device = client("dev-big", PahoSettings.DEFAULT_MAXIMUM_PACKET_SIZE)) {
      device.connect(will("dev-big"), e -> {});
      assertThat(device.brokerMaximumPacketSize()).isEqualTo(BROKER_MAX);

      assertThatThrownBy(
              () -> device.publish(OutgoingMessage.of(TOPICS.update("dev-big"), new byte[100_000])))
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> assertThat(e.reasonCode()).isEqualTo(PahoTransport.PACKET_TOO_LARGE))
          .hasMessageContaining("100000 bytes of payload")
          .hasMessageContaining("Maximum Packet Size of " + BROKER_MAX);

      // The connection is still good for what fits.
      device.publish(OutgoingMessage.of(TOPICS.update("dev-big"), new byte[BROKER_MAX - 100]));
    }
  }

  @Test
  void theBrokerDropsAMessageOverTheDevicesMaximumPacketSize_andDeliversTheNext() throws Exception {
    LinkedBlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
    String topic = TOPICS.task("dev-small");
    try (PahoTransport device = client("dev-small", 8 * 1024);
        PahoTransport coordinator =
            client("coord-small", PahoSettings.DEFAULT_MAXIMUM_PACKET_SIZE)) {
      device.connect(will("dev-small"), e -> {});
      device.subscribe(topic, 1, (t, p) -> got.add(p));
      coordinator.connect(will("coord-small"), e -> {});

      coordinator.publish(OutgoingMessage.of(topic, new byte[20_000]));
      coordinator.publish(OutgoingMessage.of(topic, new byte[1_000]));

      byte[] first = got.poll(10, TimeUnit.SECONDS);
      assertThat(first).as("a message arrived").isNotNull().hasSize(1_000);
    }
  }
}
