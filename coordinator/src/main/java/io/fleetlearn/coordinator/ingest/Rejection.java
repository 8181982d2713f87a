package io.fleetlearn.coordinator.ingest;

import java.util.Objects;

/**
 * An update refused, with its reason (a short word, counted in metrics and the round) and a message
 * for the log: expected, found and consequence.
 */
public final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Malformed frame: bad checksum, lengths, codec, kind or missing attributes. */
  public static final String FRAME = "frame";

  /** Payload above the size limit. */
  public static final String SIZE = "size";

  /** For a round that is not open and never was (or for another model version). */
  public static final String ROUND = "round";

  /** For a round that has closed. */
  public static final String LATE = "late";

  /** From a device the round did not select. */
  public static final String UNASSIGNED = "unassigned";

  /** The topic's device id is not the frame's. */
  public static final String IMPERSONATION = "impersonation";

  /** A second update from the device in the round, with another nonce. */
  public static final String DUPLICATE = "duplicate";

  /** Tensor names or shapes differ from the assigned variant's. */
  public static final String SHAPE = "shape";

  /** A NaN or infinity. */
  public static final String NON_FINITE = "non-finite";

  /** L2 norm above the training's bound. */
  public static final String NORM = "norm";

  /** Sample count ≤ 0 or above the cap. */
  public static final String SAMPLES = "samples";

  /** Refused by the aggregation strategy itself (e.g. FedBuff's staleness bound). */
  public static final String STRATEGY = "strategy";

  private final String reason;

  public Rejection(String reason, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public String reason() {
    return reason;
  }
}
