package io.fleetlearn.device.transport;

import java.util.function.Consumer;

/**
 * The few MQTT operations the device needs, so that Paho stays behind one class. Every method
 * blocks until the broker answered (CONNACK, PUBACK, SUBACK) or a timeout passed; failures are
 * {@link TransportException}s carrying the MQTT reason code.
 */
public interface Transport extends AutoCloseable {

  /**
   * Connects with a will message; the transport never reconnects by itself (see {@link
   * ReconnectSupervisor}).
   *
   * @param will published by the broker if this connection dies without a clean disconnect
   * @param onLost called once (on a transport thread, which must not block) when this connection is
   *     lost
   * @return whether the broker still held our session (CONNACK's session-present flag); if not,
   *     subscriptions must be made again
   */
  boolean connect(OutgoingMessage will, Consumer<TransportException> onLost);

  /** Publishes; for QoS 1 returns only after the broker's PUBACK with a success reason code. */
  void publish(OutgoingMessage message);

  /**
   * Subscribes to a topic filter; messages matching it go to {@code handler} (the handler is kept
   * across reconnects, the broker-side subscription only while the session lives).
   */
  void subscribe(String topicFilter, int qos, MessageHandler handler);

  /**
   * Routes messages matching a filter to a handler without sending SUBSCRIBE: for a persistent
   * session whose subscriptions the broker still holds, whose queued messages can arrive right
   * after CONNACK. Call it before {@link #connect}; {@link #subscribe} routes as well.
   */
  void route(String topicFilter, MessageHandler handler);

  /** Disconnects cleanly (so the will is not sent) and releases the client's threads. */
  @Override
  void close();
}
