package io.fleetlearn.simulator.fleet;

/** A trace that cannot be replayed; the message names the line, the column and the value. */
public final class TraceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TraceException(String message) {
    super(message);
  }

  public TraceException(String message, Throwable cause) {
    super(message, cause);
  }
}
