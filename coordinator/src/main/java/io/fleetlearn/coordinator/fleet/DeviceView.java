package io.fleetlearn.coordinator.fleet;

import io.fleetlearn.protocol.message.Decline;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.Resources;
import java.util.List;

/**
 * A device as the registry knows it.
 *
 * @param deviceId the device id
 * @param online whether it is connected (its last status was not the offline will)
 * @param state its last reported state
 * @param lastSeenMillis when its last status arrived, epoch milliseconds
 * @param clientVersion the client version it reported
 * @param resources its last resource report, or null if it never sent one
 * @param widthPpm the width it was last assigned, or null if never selected
 * @param modelVersion the last global model version the device confirmed it holds
 * @param roundsCompleted rounds in which its update was accepted
 * @param roundSeconds its most recent round durations (seconds), oldest first
 * @param lastDecline its last declined task, or null
 */
public record DeviceView(
    String deviceId,
    boolean online,
    DeviceState state,
    long lastSeenMillis,
    String clientVersion,
    Resources resources,
    Integer widthPpm,
    long modelVersion,
    int roundsCompleted,
    List<Double> roundSeconds,
    Decline lastDecline) {

  public DeviceView {
    roundSeconds = List.copyOf(roundSeconds);
  }
}
