package io.fleetlearn.coordinator.mqtt;

/** An MQTT operation failed; the message says which and carries the broker's reason code. */
public final class MqttLinkException extends RuntimeException {
  /** Wraps the client library's failure. */
  public MqttLinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
