package io.fleetlearn.simulator.bus;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message published on the bus, or a will.
 *
 * @param topic a topic name (no wildcards)
 * @param payload the bytes, not copied; an empty retained payload clears the topic's retained one
 * @param qos 0 or 1
 * @param retained whether the bus keeps it as the topic's last value
 * @param expirySeconds MQTT 5 message expiry, 0 for none
 */
public record BusMessage(
    String topic, byte[] payload, int qos, boolean retained, long expirySeconds) {
  public BusMessage {
    Objects.requireNonNull(payload, "payload");
    TopicNames.requireName(topic);
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("qos (" + qos + ") must be 0 or 1");
    }
    if (expirySeconds < 0 || expirySeconds > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "expirySeconds (" + expirySeconds + ") must be in [0, 2^32-1]");
    }
  }

  /**
   * Bytes of the MQTT 5 PUBLISH packet for it (fixed header, topic, packet id, properties,
   * payload), for the Maximum Packet Size checks a broker and a client make.
   */
  long packetSize() {
    return packetSize(topic, payload.length, qos, expirySeconds > 0);
  }

  static long packetSize(String topic, int payloadBytes, int qos, boolean expiry) {
    long rest =
        2L
            + topic.getBytes(StandardCharsets.UTF_8).length
            + (qos > 0 ? 2 : 0)
            + 1
            + (expiry ? 5 : 0)
            + payloadBytes;
    int lengthBytes = rest < 128 ? 1 : rest < 16_384 ? 2 : rest < 2_097_152 ? 3 : 4;
    return 1 + lengthBytes + rest;
  }
}
