package io.fleetlearn.simulator.control;

/**
 * The coordinator could not be reached or gave an answer the simulator cannot use. The message is
 * for the user: it names the address, the status and the coordinator's own reason, and says what to
 * check.
 */
public final class FleetControlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean unavailable;

  public FleetControlException(String message) {
    this(message, null, false);
  }

  public FleetControlException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private FleetControlException(String message, Throwable cause, boolean unavailable) {
    super(message, cause);
    this.unavailable = unavailable;
  }

  /** The coordinator could not be reached, or a gateway said it is unavailable: worth a retry. */
  static FleetControlException unavailable(String message, Throwable cause) {
    return new FleetControlException(message, cause, true);
  }

  /**
   * Whether the coordinator could not be reached or was reported unavailable (502, 503, 504), so
   * that it may answer later (it is starting, or restarting); every other failure is final.
   */
  public boolean unavailable() {
    return unavailable;
  }
}
