package io.fleetlearn.coordinator.round;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.ingest.Rejection;
import io.fleetlearn.coordinator.ingest.UpdateHeader;
import io.fleetlearn.protocol.message.TaskType;

/**
 * Whether an update, by its header, belongs in the open round: its round, its sender's assignment,
 * a replay or a duplicate, its model version, its sample claim and its width. Cheap, on the event
 * loop; the body is checked afterwards ({@link io.fleetlearn.coordinator.ingest.UpdateBody}).
 */
final class Admission {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Admission.class);

  private final RoundDriver driver;

  Admission(RoundDriver driver) {
    this.driver = driver;
  }

  /** The decode limits for updates of the running model: its full size plus headroom. */
  DecodeLimits limits() {
    long params = driver.spec == null ? 1 : driver.spec.parameterCount(Ratio.of(1.0));
    long maxBytes = Math.min(Integer.MAX_VALUE - 8L, params * 4 + params / 4 + (64 << 10));
    return DecodeLimits.defaults()
        .withMaxFrameBytes((int) maxBytes)
        .withMaxElements(Math.max(1, params));
  }

  /**
   * For an asynchronous training, an update of one of its earlier rounds from a device selected
   * there is still wanted (FedBuff damps it by its staleness and refuses it beyond the bound); its
   * assignment in that round, or null.
   */
  private Assignment stillWanted(LiveRound r, UpdateHeader h) {
    if (driver.fedBuff == null || h.round() >= r.round) {
      return null;
    }
    RoundView past = driver.rounds.get(h.round());
    if (past == null || !past.trainingId().equals(r.trainingId) || past.type() != TaskType.TRAIN) {
      return null;
    }
    return past.assignments().stream()
        .filter(x -> x.deviceId().equals(h.deviceId()))
        .findFirst()
        .orElse(null);
  }

  Rejection refusal(LiveRound r, UpdateHeader h) {
    RoundView past = driver.rounds.get(h.round());
    boolean late = past != null || (r != null && h.round() < r.round);
    return new Rejection(
        late ? Rejection.LATE : Rejection.ROUND,
        "update from "
            + h.deviceId()
            + " is for round "
            + h.round()
            + (r == null ? ", no round is open" : ", round " + r.round + " is open")
            + "; update refused");
  }

  /** The device's assignment, null for an idempotent replay; throws the refusal otherwise. */
  Assignment admit(LiveRound r, UpdateHeader h) {
    String who = "update from " + h.deviceId();
    Assignment earlier = null;
    if (h.round() != r.round) {
      earlier = stillWanted(r, h);
      if (earlier == null) {
        throw refusal(r, h);
      }
    }
    if (r.type != TaskType.TRAIN) {
      throw new Rejection(Rejection.ROUND, who + ": round " + r.round + " is an evaluation round");
    }
    if (r.state != RoundState.OPEN) {
      throw new Rejection(Rejection.LATE, who + " arrived after round " + r.round + " closed");
    }
    Assignment a = earlier != null ? earlier : r.assignments.get(h.deviceId());
    if (a == null) {
      throw new Rejection(
          Rejection.UNASSIGNED, who + ": the device was not selected in round " + r.round);
    }
    Long nonce = r.nonces.get(h.deviceId());
    if (nonce != null) {
      if (nonce == h.nonce()) {
        LOG.debug("{} is a replay of nonce {}; already folded", who, Long.toHexString(h.nonce()));
        return null;
      }
      throw new Rejection(
          Rejection.DUPLICATE, who + " is a second update in round " + r.round + "; refused");
    }
    if (earlier == null && h.modelVersion() != r.modelVersion) {
      throw new Rejection(
          Rejection.ROUND,
          who
              + " was trained on version "
              + h.modelVersion()
              + ", the round's is "
              + r.modelVersion);
    }
    int cap = driver.running.request().maxSamplesPerUpdate();
    if (h.samples() <= 0 || h.samples() > cap) {
      throw new Rejection(
          Rejection.SAMPLES, who + " claims " + h.samples() + " samples, allowed 1 to " + cap);
    }
    if (h.widthPpm() != a.widthPpm()) {
      throw new Rejection(
          Rejection.SHAPE,
          who + " is of width " + h.widthPpm() + " ppm, the device was given " + a.widthPpm());
    }
    return a;
  }
}
