package io.fleetlearn.coordinator.store;

/** A database operation failed; the message says which and on what. */
public final class StoreException extends RuntimeException {
  /** Wraps the underlying failure with what we were doing. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure of our own making, such as use after close. */
  public StoreException(String message) {
    super(message);
  }
}
