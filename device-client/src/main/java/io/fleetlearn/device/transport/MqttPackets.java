package io.fleetlearn.device.transport;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Our messages as Paho's, and their sizes on the wire to check against a broker's limit. */
final class MqttPackets {
  private MqttPackets() {}

  /**
   * Bytes of the PUBLISH packet Paho sends for {@code m}: fixed header (1 + a remaining length of 1
   * to 4 bytes), topic (2 + UTF-8), packet id at QoS 1 (2), properties (a length byte, plus 5 for a
   * message expiry), payload.
   */
  static long publishSize(OutgoingMessage m) {
    long rest =
        2L
            + m.topic().getBytes(StandardCharsets.UTF_8).length
            + (m.qos() > 0 ? 2 : 0)
            + 1
            + (m.expiry().isPresent() ? 5 : 0)
            + m.payload().length;
    int lengthBytes = rest < 128 ? 1 : rest < 16_384 ? 2 : rest < 2_097_152 ? 3 : 4;
    return 1 + lengthBytes + rest;
  }

  /** The Paho message of {@code m}, with its message expiry as an MQTT 5 property. */
  static MqttMessage toPaho(OutgoingMessage m) {
    MqttMessage message = new MqttMessage(m.payload(), m.qos(), m.retained(), null);
    m.expiry().ifPresent(e -> message.setProperties(expiryProperties(e.getSeconds())));
    return message;
  }

  static MqttProperties expiryProperties(long seconds) {
    MqttProperties properties = new MqttProperties();
    properties.setMessageExpiryInterval(seconds);
    return properties;
  }
}
