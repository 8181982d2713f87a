package io.fleetlearn.simulator.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last retained message of each topic, with its expiry. Guarded by the {@link LocalBroker}'s
 * lock.
 */
final class RetainedStore {
  /** A retained message and when it expires ({@link Long#MAX_VALUE} for never). */
  record Retained(BusMessage message, long expiresAtMillis) {}

  private final Map<String, Retained> byTopic = new HashMap<>();

  /** Keeps {@code m} as its topic's value, or clears the topic for an empty payload. */
  void put(BusMessage m, long expiresAtMillis) {
    if (m.payload().length == 0) {
      byTopic.remove(m.topic());
    } else {
      byTopic.put(m.topic(), new Retained(m, expiresAtMillis));
    }
  }

  /** The unexpired retained messages {@code filter} matches (expired ones are dropped). */
  List<Retained> matching(String filter, long nowMillis) {
    List<Retained> out = new ArrayList<>();
    if (!TopicNames.hasWildcard(filter)) {
      Retained r = byTopic.get(filter);
      if (r != null && r.expiresAtMillis() > nowMillis) {
        out.add(r);
      }
      return out;
    }
    for (Iterator<Retained> it = byTopic.values().iterator(); it.hasNext(); ) {
      Retained r = it.next();
      if (r.expiresAtMillis() <= nowMillis) {
        it.remove();
      } else if (TopicNames.matches(filter, r.message().topic())) {
        out.add(r);
      }
    }
    return out;
  }
}
