package io.fleetlearn.device.client;

import io.fleetlearn.device.transport.MessageHandler;
import io.fleetlearn.device.transport.OutgoingMessage;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.device.transport.TransportException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A transport without a broker: retained frames are handed out on subscribe, publishes are
 * recorded, and a test can make update publishes fail and drop the connection.
 */
final class ScriptedTransport implements Transport {
  final Map<String, byte[]> retained = new ConcurrentHashMap<>();
  final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
  final LinkedBlockingQueue<OutgoingMessage> updates = new LinkedBlockingQueue<>();
  volatile boolean failUpdates;

  /** When set, update publishes fail with this reason code (32104: the link is down). */
  volatile int updateFailureCode = 32104;

  volatile int connects;
  private volatile Consumer<TransportException> onLost;

  @Override
  public synchronized boolean connect(OutgoingMessage will, Consumer<TransportException> lost) {
    connects++;
    onLost = lost;
    return false;
  }

  /** Simulates a lost connection. */
  void drop() {
    onLost.accept(new TransportException("connection", 32109, "scripted drop", null));
  }

  /** Delivers a message to the handler of its exact topic, as the broker would. */
  void deliver(String topic, byte[] payload) {
    handlers.get(topic).onMessage(topic, payload);
  }

  @Override
  public void publish(OutgoingMessage message) {
    if (message.topic().endsWith("/update")) {
      if (failUpdates) {
        throw new TransportException("publish", updateFailureCode, "scripted failure", null);
      }
      updates.add(message);
    }
  }

  @Override
  public void subscribe(String topicFilter, int qos, MessageHandler handler) {
    handlers.put(topicFilter, handler);
    byte[] frame = retained.get(topicFilter);
    if (frame != null) {
      handler.onMessage(topicFilter, frame);
    }
  }

  @Override
  public void route(String topicFilter, MessageHandler handler) {
    handlers.put(topicFilter, handler);
  }

  @Override
  public void close() {}
}
