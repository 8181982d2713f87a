package io.fleetlearn.simulator.bus;

import java.util.Objects;
import java.util.Optional;

/**
 * What a client asks for when it connects (MQTT 5 CONNECT).
 *
 * @param clientId names the session
 * @param principal the user name the topic rules apply to
 * @param cleanStart whether to discard a session the bus still holds
 * @param sessionExpirySeconds how long the session (subscriptions, queued QoS 1 messages, unacked
 *     deliveries) outlives the connection; 0 ends it with the connection
 * @param will published by the bus if the connection ends without a clean disconnect
 * @param maximumPacketSize the largest PUBLISH the client accepts (larger ones are dropped for it,
 *     as MQTT 5 says), 0 for no limit
 */
public record ConnectOptions(
    String clientId,
    String principal,
    boolean cleanStart,
    long sessionExpirySeconds,
    Optional<BusMessage> will,
    long maximumPacketSize) {
  public ConnectOptions {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(will, "will");
    if (clientId.isEmpty()) {
      throw new IllegalArgumentException("clientId must not be empty");
    }
    if (sessionExpirySeconds < 0) {
      throw new IllegalArgumentException(
          "sessionExpirySeconds (" + sessionExpirySeconds + ") must be >= 0");
    }
    if (maximumPacketSize < 0) {
      throw new IllegalArgumentException(
          "maximumPacketSize (" + maximumPacketSize + ") must be >= 0");
    }
  }
}
