package io.fleetlearn.coordinator.fleet;

/**
 * What one selected device was given in a round and what became of it.
 *
 * @param deviceId the device
 * @param variant the model variant it fetches, e.g. {@code w500000}
 * @param widthPpm the variant's width in parts per million of the full model
 * @param downloadPipeline how that variant's model frame is compressed
 * @param outcome what the device did with the task
 * @param reason why it declined or was rejected, or null
 */
public record Assignment(
    String deviceId,
    String variant,
    int widthPpm,
    String downloadPipeline,
    Outcome outcome,
    String reason) {

  /** What became of a task. */
  public enum Outcome {
    /** Task published, no answer yet. */
    ASSIGNED,
    /** Update (or evaluation) accepted and folded in. */
    ACCEPTED,
    /** The device declined the task (battery, temperature, busy...). */
    DECLINED,
    /** The update arrived but failed validation. */
    REJECTED,
    /** Nothing arrived before the round closed. */
    MISSED,
    /** Arrived after the round closed; dropped or staleness-weighted by strategy. */
    LATE
  }
}
