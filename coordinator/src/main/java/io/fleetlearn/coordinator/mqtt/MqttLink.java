package io.fleetlearn.coordinator.mqtt;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * The coordinator's MQTT 5 connection, QoS 1 throughout. Futures and handlers complete on the
 * Vert.x context that created the link, never on the client library's threads.
 */
public interface MqttLink {
  /** Publishes at QoS 1; completes when the broker acknowledged it. */
  Future<Void> publish(String topic, byte[] payload, boolean retained);

  /**
   * Publishes at QoS 1 with an MQTT 5 message expiry: the broker discards the message, also from
   * the session of an offline subscriber, once {@code expirySeconds} have passed (a task is worth
   * nothing after its round's deadline).
   */
  Future<Void> publish(String topic, byte[] payload, boolean retained, long expirySeconds);

  /** Subscribes at QoS 1; {@code handler} gets each message whose topic matches {@code filter}. */
  Future<Void> subscribe(String filter, Consumer<InboundMessage> handler);

  /** Whether the connection is up right now. */
  boolean isConnected();

  /** Disconnects (the broker then discards the will) and releases the client's threads. */
  Future<Void> close();
}
