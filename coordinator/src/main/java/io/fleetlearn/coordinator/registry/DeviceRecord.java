package io.fleetlearn.coordinator.registry;

import io.fleetlearn.coordinator.fleet.DeviceView;
import io.fleetlearn.protocol.message.Decline;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.EvaluationReport;
import io.fleetlearn.protocol.message.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * What the registry keeps of one device, as stored in the {@code devices} family (the resource
 * history is stored beside it, one key per sample).
 *
 * @param deviceId the device
 * @param online whether its last status was not the offline will (and arrived since this
 *     coordinator started)
 * @param state its last reported state
 * @param lastSeenMillis when its last status arrived (coordinator clock)
 * @param clientVersion the client version it reported
 * @param resources its last resource report, or null
 * @param widthPpm the width it was last assigned, or null
 * @param modelVersion the newest global model version it said it holds (its model receipt)
 * @param roundsCompleted rounds in which its update was accepted
 * @param roundSeconds its last {@link #MAX_DURATIONS} round durations, oldest first
 * @param lastDecline its last declined task, or null
 * @param lastDeclineMillis when that decline first arrived (coordinator clock), 0 for none
 * @param lastEvaluation its last evaluation report, or null
 * @param lastSamples the sample count its last accepted update claimed, 0 before the first
 * @param slowdown observed over estimated round time, smoothed over its rounds; 0 before the first
 */
public record DeviceRecord(
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
    Decline lastDecline,
    long lastDeclineMillis,
    EvaluationReport lastEvaluation,
    long lastSamples,
    double slowdown) {

  /** Round durations kept per device: enough for a robust mean, bounded for storage. */
  public static final int MAX_DURATIONS = 20;

  public DeviceRecord {
    roundSeconds = List.copyOf(roundSeconds == null ? List.of() : roundSeconds);
  }

  /** The API's view. */
  public DeviceView view() {
    return new DeviceView(
        deviceId,
        online,
        state,
        lastSeenMillis,
        clientVersion,
        resources,
        widthPpm,
        modelVersion,
        roundsCompleted,
        roundSeconds,
        lastDecline);
  }

  /** The same device, marked offline (after a restart, until it speaks again). */
  DeviceRecord offline() {
    return new DeviceRecord(
        deviceId,
        false,
        DeviceState.OFFLINE,
        lastSeenMillis,
        clientVersion,
        resources,
        widthPpm,
        modelVersion,
        roundsCompleted,
        roundSeconds,
        lastDecline,
        lastDeclineMillis,
        lastEvaluation,
        lastSamples,
        slowdown);
  }

  DeviceRecord withAssignment(int ppm) {
    return new DeviceRecord(
        deviceId,
        online,
        state,
        lastSeenMillis,
        clientVersion,
        resources,
        ppm,
        modelVersion,
        roundsCompleted,
        roundSeconds,
        lastDecline,
        lastDeclineMillis,
        lastEvaluation,
        lastSamples,
        slowdown);
  }

  DeviceRecord withCompletedRound(double seconds, long samples, double estimatedSeconds) {
    List<Double> durations = new ArrayList<>(roundSeconds);
    double ratio = 0;
    if (seconds > 0 && Double.isFinite(seconds)) {
      durations.add(seconds);
      if (estimatedSeconds > 0) {
        ratio = seconds / estimatedSeconds;
      }
    }
    while (durations.size() > MAX_DURATIONS) {
      durations.remove(0);
    }
    // Smoothed, so that one slow round (a busy CPU) does not halve the device's next width.
    double next = ratio <= 0 ? slowdown : slowdown <= 0 ? ratio : 0.5 * slowdown + 0.5 * ratio;
    return new DeviceRecord(
        deviceId,
        online,
        // Its update is in, so its retained "busy" (published before the update, on the same
        // session) is stale: without this a round opening right after the last update skipped
        // the devices whose "idle" status had not arrived yet.
        state == DeviceState.BUSY ? DeviceState.ONLINE : state,
        lastSeenMillis,
        clientVersion,
        resources,
        widthPpm,
        modelVersion,
        roundsCompleted + 1,
        durations,
        lastDecline,
        lastDeclineMillis,
        lastEvaluation,
        samples > 0 ? samples : lastSamples,
        next);
  }
}
