package io.fleetlearn.coordinator.mqtt;

import io.fleetlearn.protocol.topic.Topics;

/**
 * design.md's access rule as a pure function: the coordinator may do anything; a device may publish
 * only under {@code fl/{fleet}/device/{its id}/}, and subscribe only to its own task and to models.
 */
public final class TopicAcl {
  private final Topics topics;
  private final String coordinatorUser;

  /**
   * @param topics the fleet's topics
   * @param coordinatorUser the broker user name of the coordinator
   */
  public TopicAcl(Topics topics, String coordinatorUser) {
    this.topics = topics;
    this.coordinatorUser = coordinatorUser;
  }

  /** Whether {@code principal} may publish to {@code topic}. */
  public boolean mayPublish(String principal, String topic) {
    if (coordinatorUser.equals(principal)) {
      return true;
    }
    String own = topics.prefix() + "device/" + principal + "/";
    // A wildcard in a publish topic is a protocol error, but refuse it here too.
    return topic.startsWith(own)
        && topic.length() > own.length()
        && topic.indexOf('+') < 0
        && topic.indexOf('#') < 0;
  }

  /**
   * Whether {@code principal} may subscribe to {@code filter}. Devices get their own task and any
   * filter that stays inside {@code model/}; shared subscriptions are for coordinators only.
   */
  public boolean maySubscribe(String principal, String filter) {
    if (coordinatorUser.equals(principal)) {
      return true;
    }
    if (filter.equals(topics.task(principal))) {
      return true;
    }
    String models = topics.prefix() + "model/";
    return filter.startsWith(models) && filter.length() > models.length();
  }
}
