package io.fleetlearn.simulator.control;

/**
 * The coordinator could not be reached or gave an answer the simulator cannot use. The message is
 * for the user: it names the address, the status and the coordinator's own reason, and says what to
 * check.
 */
public final class FleetControlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FleetControlException(String message) {
    super(message);
  }

  public FleetControlException(String message, Throwable cause) {
    super(message, cause);
  }
}
