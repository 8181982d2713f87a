package io.fleetlearn.device.transport;

/** Receives the messages of one subscription; runs on a transport thread and must not block. */
@FunctionalInterface
public interface MessageHandler {
  /** One message as delivered by the broker. */
  void onMessage(String topic, byte[] payload);
}
