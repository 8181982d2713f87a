package io.fleetlearn.simulator.bus;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the bus keeps for one client id across connections. Guarded by the {@link LocalBroker}'s
 * lock.
 */
final class Session {
  /**
   * A message on its way to this session.
   *
   * @param expiresAtMillis when it stops being worth delivering, {@link Long#MAX_VALUE} for never
   */
  record Queued(
      String topic,
      byte[] payload,
      int qos,
      boolean retained,
      long expiresAtMillis,
      boolean duplicate) {
    Queued asDuplicate() {
      return new Queued(topic, payload, qos, retained, expiresAtMillis, true);
    }
  }

  final String clientId;
  // Filter to QoS, in subscription order.
  final Map<String, Integer> filters = new LinkedHashMap<>();
  // QoS 1 messages waiting for a connection: queued while offline, or unacked when it ended.
  final ArrayDeque<Queued> pending = new ArrayDeque<>();
  BusConnection connection;
  long expirySeconds;
  long disconnectedAtMillis;
  boolean warnedFull;

  Session(String clientId) {
    this.clientId = clientId;
  }

  boolean expired(long nowMillis) {
    // expirySeconds is at most 2^32-1 (ConnectOptions), so the product fits a long.
    return connection == null && nowMillis - disconnectedAtMillis >= expirySeconds * 1000L;
  }
}
