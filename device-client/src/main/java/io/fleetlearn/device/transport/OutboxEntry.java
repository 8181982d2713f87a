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
 * @param deadlineMillis the round's deadline (epoch ms) from its task, or {@link #NO_DEADLINE}:
 *     kept on disk so that after a restart an update of a closed round is dropped, not sent
 */
public record OutboxEntry(
    long round, long nonce, String topic, byte[] payload, long deadlineMillis) {
  /** The deadline is not known (an entry written by version 1 of the file format). */
  public static final long NO_DEADLINE = 0;

  /** An entry whose round deadline is not known. */
  public OutboxEntry(long round, long nonce, String topic, byte[] payload) {
    this(round, nonce, topic, payload, NO_DEADLINE);
  }

  public OutboxEntry {
    if (deadlineMillis < 0) {
      throw new IllegalArgumentException("deadlineMillis must be >= 0: " + deadlineMillis);
    }
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
