package io.fleetlearn.protocol.message;

/** A control message that cannot be accepted; the message names the field and what was wrong. */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
