package io.fleetlearn.device.transport;

/** The outbox refused an update (over a cap) or could not read or write its folder. */
public final class OutboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the cap or file. */
  public OutboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
