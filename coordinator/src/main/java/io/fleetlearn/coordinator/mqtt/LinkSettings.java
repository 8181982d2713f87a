package io.fleetlearn.coordinator.mqtt;

import java.net.URI;
import java.util.Optional;

/**
 * Where and as whom an {@link MqttLink} connects.
 *
 * @param uri the broker
 * @param clientId our client id (stable, so the session survives restarts)
 * @param username the user name, empty for anonymous (demo mode)
 * @param password its password
 * @param willTopic where the broker publishes {@code willPayload}, retained, when we vanish
 * @param willPayload the "offline" message
 */
public record LinkSettings(
    URI uri,
    String clientId,
    Optional<String> username,
    String password,
    String willTopic,
    byte[] willPayload) {

  @Override
  public String toString() {
    // The password stays out of logs.
    return "LinkSettings[uri=%s, clientId=%s, username=%s]"
        .formatted(uri, clientId, username.orElse("(anonymous)"));
  }
}
