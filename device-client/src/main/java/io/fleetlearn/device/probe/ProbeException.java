package io.fleetlearn.device.probe;

/** A system file that exists but does not say what it should: names the file and the problem. */
public final class ProbeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProbeException(String message) {
    super(message);
  }
}
