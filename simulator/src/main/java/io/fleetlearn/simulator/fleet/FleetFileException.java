package io.fleetlearn.simulator.fleet;

/** A fleet file that cannot be used; the message names the field and the value found. */
public final class FleetFileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public FleetFileException(String message) {
    super(message);
  }

  public FleetFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
