package io.fleetlearn.coordinator.fleet;

import java.util.Objects;

/**
 * Something that happened, for the live event stream (server-sent events: {@code event:} is the
 * type's {@link Type#wire} name, {@code data:} the JSON of {@code data}).
 *
 * @param type what happened
 * @param timeMillis when, epoch milliseconds
 * @param data the view it concerns: a {@link TrainingView}, {@link RoundView}, {@link DeviceView},
 *     or {@link UpdateEvent}
 */
public record FleetEvent(Type type, long timeMillis, Object data) {

  public FleetEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /** Event types and their names on the stream. */
  public enum Type {
    TRAINING("training"),
    ROUND("round"),
    DEVICE("device"),
    UPDATE("update");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * One update arrived.
   *
   * @param trainingId the training
   * @param round its round
   * @param deviceId the sender
   * @param accepted whether it was folded in
   * @param reason the rejection reason, or null
   * @param bytes its size on the wire
   */
  public record UpdateEvent(
      String trainingId,
      long round,
      String deviceId,
      boolean accepted,
      String reason,
      long bytes) {}
}
