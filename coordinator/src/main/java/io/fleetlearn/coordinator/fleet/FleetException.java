package io.fleetlearn.coordinator.fleet;

import java.util.Objects;

/** A request the fleet cannot carry out, with the reason shown to the caller. */
public final class FleetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as the API reports it. */
  public enum Kind {
    /** The request is malformed or out of range (HTTP 422). */
    INVALID,
    /** The training, round, device or model does not exist (HTTP 404). */
    NOT_FOUND,
    /** The request does not fit the current state, e.g. starting a second training (HTTP 409). */
    CONFLICT
  }

  private final Kind kind;

  public FleetException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  public static FleetException invalid(String message) {
    return new FleetException(Kind.INVALID, message);
  }

  public static FleetException notFound(String message) {
    return new FleetException(Kind.NOT_FOUND, message);
  }

  public static FleetException conflict(String message) {
    return new FleetException(Kind.CONFLICT, message);
  }
}
