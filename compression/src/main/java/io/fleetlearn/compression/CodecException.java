package io.fleetlearn.compression;

/**
 * The one failure of the compression library: a frame, a codec parameter or an input that cannot be
 * encoded or decoded. The message always names what was wrong, what was expected and what was
 * found, so that a log line is enough to diagnose a hostile or corrupt frame.
 */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
