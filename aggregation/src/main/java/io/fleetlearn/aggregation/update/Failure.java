package io.fleetlearn.aggregation.update;

import java.util.Objects;

/**
 * A device that was asked to take part and did not deliver: passed to strategies as data, never
 * thrown (Flower passes failures the same way).
 *
 * @param deviceId the device
 * @param round the round
 * @param reason what went wrong, for people: "deadline passed", "declined: battery 12% < 30%"
 */
public record Failure(String deviceId, long round, String reason) {
  public Failure {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(reason, "reason");
  }
}
