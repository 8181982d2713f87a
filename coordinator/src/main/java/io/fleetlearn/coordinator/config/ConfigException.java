package io.fleetlearn.coordinator.config;

/** A configuration value is missing or invalid; the message names the key and the value found. */
public final class ConfigException extends RuntimeException {
  /** Creates the exception with a message that names the offending key. */
  public ConfigException(String message) {
    super(message);
  }
}
