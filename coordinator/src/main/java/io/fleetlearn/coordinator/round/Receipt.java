package io.fleetlearn.coordinator.round;

/**
 * The record of an accepted update, stored under (round, device) in the same SYNC batch as the
 * update frame itself (under (round, sequence)) and the round's counters: the round's aggregate is
 * the fold, in sequence order, of exactly the receipted frames.
 *
 * @param deviceId the sender
 * @param nonce its attempt nonce: a replay with the same nonce is acknowledged and ignored
 * @param sequence the order it was folded in
 * @param samples the samples it claimed
 * @param widthPpm the width it was trained at
 * @param bytes its size on the wire
 * @param receivedMillis when it was accepted
 */
public record Receipt(
    String deviceId,
    long nonce,
    long sequence,
    long samples,
    int widthPpm,
    int bytes,
    long receivedMillis) {}
