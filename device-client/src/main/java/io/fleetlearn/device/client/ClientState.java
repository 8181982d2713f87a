package io.fleetlearn.device.client;

import io.fleetlearn.protocol.message.Decline;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.EvaluationReport;
import io.fleetlearn.protocol.message.Resources;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the status reports, shared by the transport thread (tasks arrive), the worker (rounds) and
 * the scheduler (status refresh). Synchronized; hands out immutable {@link DeviceStatus} snapshots.
 */
final class ClientState {
  /** Rounds whose deadline is remembered, for the outbox: bounded so tasks cannot grow it. */
  private static final int MAX_ROUNDS = 64;

  private final String deviceId;
  private final String clientVersion;
  private final Map<Long, Long> deadlines = new ConcurrentHashMap<>();
  private long busyRound;
  private long modelVersion = -1;
  private Decline decline;
  private EvaluationReport evaluation;
  private double lastRoundSeconds = Double.NaN;

  ClientState(String deviceId, String clientVersion) {
    this.deviceId = deviceId;
    this.clientVersion = clientVersion;
  }

  /** Takes {@code round} if idle; otherwise returns the round in progress. */
  synchronized long tryStart(long round) {
    if (busyRound != 0) {
      return busyRound;
    }
    busyRound = round;
    return 0;
  }

  /** Ends round {@code round}, unless another round has started since. */
  synchronized void finish(long round) {
    if (busyRound == round) {
      busyRound = 0;
    }
  }

  synchronized void finish() {
    busyRound = 0;
  }

  /** Records a decline; a reason longer than a status allows is cut (it was logged whole). */
  synchronized void decline(long round, String reason) {
    String r = reason.length() <= 256 ? reason : reason.substring(0, 253) + "...";
    decline = new Decline(round, r);
  }

  synchronized void evaluated(EvaluationReport r) {
    evaluation = r;
  }

  synchronized void trained(double seconds, long version) {
    lastRoundSeconds = seconds;
    modelVersion = Math.max(modelVersion, version);
  }

  synchronized void modelVersion(long version) {
    modelVersion = Math.max(modelVersion, version);
  }

  synchronized OptionalDouble lastRoundSeconds() {
    return Double.isNaN(lastRoundSeconds)
        ? OptionalDouble.empty()
        : OptionalDouble.of(lastRoundSeconds);
  }

  synchronized long modelVersion() {
    return modelVersion;
  }

  void deadline(long round, long deadlineMillis) {
    if (deadlines.size() >= MAX_ROUNDS) {
      deadlines.keySet().stream().sorted().limit(MAX_ROUNDS / 2).forEach(deadlines::remove);
    }
    deadlines.put(round, deadlineMillis);
  }

  /**
   * Whether an update of {@code round} is still wanted. A round the device does not remember (the
   * device restarted with updates in its outbox) is sent: the coordinator drops late updates, and
   * keys them by (round, device, nonce), so sending one twice or late is harmless.
   */
  boolean roundOpen(long round, long nowMillis) {
    Long deadline = deadlines.get(round);
    return deadline == null || deadline > nowMillis;
  }

  synchronized DeviceStatus snapshot(Resources resources, long nowMillis) {
    return new DeviceStatus(
        deviceId,
        busyRound != 0 ? DeviceState.BUSY : DeviceState.ONLINE,
        nowMillis,
        clientVersion,
        modelVersion,
        resources,
        decline,
        evaluation);
  }
}
