package io.fleetlearn.simulator.bus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which sessions a topic goes to: exact filters looked up by topic (a device's task and model
 * topics), wildcard filters matched one by one (the coordinator's few). Guarded by the {@link
 * LocalBroker}'s lock.
 */
final class SubscriptionIndex {
  private final Map<String, Set<Session>> exact = new HashMap<>();
  private final Set<Session> wildcard = new LinkedHashSet<>();

  void add(Session s, String filter, int qos) {
    s.filters.put(filter, qos);
    if (TopicNames.hasWildcard(filter)) {
      wildcard.add(s);
    } else {
      exact.computeIfAbsent(filter, f -> new LinkedHashSet<>()).add(s);
    }
  }

  void remove(Session s) {
    for (String f : s.filters.keySet()) {
      Set<Session> set = exact.get(f);
      if (set != null) {
        set.remove(s);
        if (set.isEmpty()) {
          exact.remove(f);
        }
      }
    }
    wildcard.remove(s);
  }

  /** One entry per session whose filters match, with the highest QoS among them. */
  Map<Session, Integer> targets(String topic) {
    Map<Session, Integer> targets = new LinkedHashMap<>();
    Set<Session> direct = exact.get(topic);
    if (direct != null) {
      for (Session s : direct) {
        targets.put(s, s.filters.get(topic));
      }
    }
    for (Session s : wildcard) {
      for (Map.Entry<String, Integer> f : s.filters.entrySet()) {
        if (TopicNames.hasWildcard(f.getKey()) && TopicNames.matches(f.getKey(), topic)) {
          targets.merge(s, f.getValue(), Math::max);
        }
      }
    }
    return targets;
  }
}
