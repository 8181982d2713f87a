package io.fleetlearn.coordinator.mqtt;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the PUBACK of a received message when the {@link Dispatcher} says so (the client runs with
 * manual acknowledgements). A message id is only meaningful on the connection the message came on:
 * after a reconnect the same id may name another message, and the broker redelivers the
 * unacknowledged old one anyway, so an acknowledgement from an earlier connection is skipped.
 */
final class Acknowledger {
  private static final Logger LOG = LoggerFactory.getLogger(Acknowledger.class);

  private final MqttAsyncClient client;
  private final AtomicLong connection = new AtomicLong();

  Acknowledger(MqttAsyncClient client) {
    this.client = client;
    client.setManualAcks(true);
  }

  /** Call before each connect attempt. */
  void newConnection() {
    connection.incrementAndGet();
  }

  /** The action that acknowledges {@code message}, valid on the current connection only. */
  Runnable ackFor(MqttMessage message) {
    long on = connection.get();
    int id = message.getId();
    int qos = message.getQos();
    return () -> {
      if (on != connection.get() || !client.isConnected()) {
        return;
      }
      try {
        client.messageArrivedComplete(id, qos);
      } catch (MqttException e) {
        LOG.debug("could not acknowledge message {}: {}", id, e.getMessage());
      }
    };
  }
}
