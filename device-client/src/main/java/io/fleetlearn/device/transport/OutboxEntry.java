package io.fleetlearn.device.transport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Objects;

/**
 * One update waiting in the {@link Outbox}.
 *
 * @param round the round it belongs to, {@code >= 0}
 * @param nonce the attempt nonce (any 64-bit value): (round, nonce) is the entry's key
 * @param topic where it is published (the device's update topic)
 * @param payload the binary update frame, not copied
 */
public record OutboxEntry(long round, long nonce, String topic, byte[] payload) {
  public OutboxEntry {
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0: " + round);
    }
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    int topicBytes = topic.getBytes(UTF_8).length;
    if (topicBytes == 0 || topicBytes > OutboxFile.MAX_TOPIC_BYTES) {
      throw new IllegalArgumentException(
          "topic must be 1.." + OutboxFile.MAX_TOPIC_BYTES + " bytes: " + topicBytes);
    }
  }
}
