package io.fleetlearn.device.config;

/** A configuration value that is missing or wrong; the message names the key, source and value. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
