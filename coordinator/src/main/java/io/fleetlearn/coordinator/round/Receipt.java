package io.fleetlearn.coordinator.round;

/**
 * The record of an accepted update, stored under (round, device) in the same SYNC batch as the
 * update frame itself (under (round, sequence)): the round's aggregate is the fold, in sequence
 * order, of exactly the receipted frames, and its counters (accepted, samples, bytes, loss) are the
 * sums over its receipts. Both are rebuilt from the receipts after a restart, so the per-update
 * write stays small whatever the number of devices.
 *
 * @param deviceId the sender
 * @param nonce its attempt nonce: a replay with the same nonce is acknowledged and ignored
 * @param sequence the order it was folded in
 * @param samples the samples it claimed
 * @param widthPpm the width it was trained at
 * @param bytes its size on the wire
 * @param receivedMillis when it was accepted
 * @param denseBytes the fp32 size of the same update
 * @param loss the device's reported training loss, or null
 * @param baseVersion the model version it was trained from (for FedBuff's staleness)
 */
public record Receipt(
    String deviceId,
    long nonce,
    long sequence,
    long samples,
    int widthPpm,
    int bytes,
    long receivedMillis,
    long denseBytes,
    Double loss,
    long baseVersion) {

  /** Adds this update to the round's counters (on acceptance, and again on recovery). */
  void countInto(LiveRound r) {
    r.nonces.put(deviceId, nonce);
    r.accepted++;
    r.bytesUp += bytes;
    r.denseBytesUp += denseBytes;
    r.samples += samples;
    if (loss != null) {
      r.lossSum += loss * samples;
      r.lossWeight += samples;
    }
    r.outcome(deviceId, io.fleetlearn.coordinator.fleet.Assignment.Outcome.ACCEPTED, null);
  }
}
