package io.fleetlearn.protocol.topic;

import java.util.Optional;

/**
 * The topics of one fleet, under {@code fl/{fleet}/} (see design.md, "MQTT"):
 *
 * <pre>
 * device/{id}/status     device → coordinator   JSON status, retained; the will says offline
 * device/{id}/task       coordinator → device   JSON task, expiry = round deadline
 * device/{id}/update     device → coordinator   binary update frame
 * model/{version}/{variant}  coordinator → devices  binary model frame, retained
 * coordinator/status     coordinator → all      JSON, retained; the will says offline
 * </pre>
 *
 * @param fleet the fleet id
 */
public record Topics(String fleet) {
  public Topics {
    Ids.require("fleet id", fleet);
  }

  public static Topics of(String fleet) {
    return new Topics(fleet);
  }

  public String prefix() {
    return "fl/" + fleet + "/";
  }

  public String status(String deviceId) {
    return device(deviceId) + "/status";
  }

  public String task(String deviceId) {
    return device(deviceId) + "/task";
  }

  public String update(String deviceId) {
    return device(deviceId) + "/update";
  }

  public String model(long version, String variant) {
    if (version < 0) {
      throw new IllegalArgumentException("model version (" + version + ") must be >= 0");
    }
    return prefix() + "model/" + version + "/" + Ids.require("variant", variant);
  }

  public String coordinatorStatus() {
    return prefix() + "coordinator/status";
  }

  /** Every device's status: what the coordinator subscribes to. */
  public String allStatuses() {
    return prefix() + "device/+/status";
  }

  /** Every device's updates: what the coordinator subscribes to. */
  public String allUpdates() {
    return prefix() + "device/+/update";
  }

  /** Every model: what a device subscribes to (it reads only the variant its task names). */
  public String allModels() {
    return prefix() + "model/#";
  }

  /**
   * The device id in a topic of the form {@code fl/{fleet}/device/{id}/{leaf}}, if the topic is
   * one; used to check that a payload's claimed device matches the topic it came on.
   */
  public Optional<String> deviceOf(String topic, String leaf) {
    String start = prefix() + "device/";
    String end = "/" + leaf;
    if (topic == null || !topic.startsWith(start) || !topic.endsWith(end)) {
      return Optional.empty();
    }
    String id = topic.substring(start.length(), topic.length() - end.length());
    try {
      return Optional.of(Ids.require("device id", id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private String device(String deviceId) {
    return prefix() + "device/" + Ids.require("device id", deviceId);
  }
}
