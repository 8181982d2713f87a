package io.fleetlearn.device.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to publish, or a will.
 *
 * @param topic the topic name (no wildcards)
 * @param payload the bytes, not copied
 * @param qos 0 or 1 (the project uses QoS 1 throughout; 2 is not offered)
 * @param retained whether the broker keeps it as the topic's last value
 * @param expiry MQTT 5 message expiry, whole seconds, if any
 */
public record OutgoingMessage(
    String topic, byte[] payload, int qos, boolean retained, Optional<Duration> expiry) {
  public OutgoingMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(expiry, "expiry");
    if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
      throw new IllegalArgumentException(
          "topic name must be non-empty without wildcards: " + topic);
    }
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("qos must be 0 or 1, was " + qos);
    }
    expiry.ifPresent(
        e -> {
          if (e.getSeconds() < 1 || e.getSeconds() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("expiry must be 1 s .. 2^32-1 s, was " + e);
          }
        });
  }

  /** QoS 1, not retained, no expiry. */
  public static OutgoingMessage of(String topic, byte[] payload) {
    return new OutgoingMessage(topic, payload, 1, false, Optional.empty());
  }

  /** QoS 1, retained, no expiry: a status or a will. */
  public static OutgoingMessage retained(String topic, byte[] payload) {
    return new OutgoingMessage(topic, payload, 1, true, Optional.empty());
  }

  /** The same message with a message expiry. */
  public OutgoingMessage withExpiry(Duration expiry) {
    return new OutgoingMessage(topic, payload, qos, retained, Optional.of(expiry));
  }
}
