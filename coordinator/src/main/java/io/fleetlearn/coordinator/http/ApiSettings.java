package io.fleetlearn.coordinator.http;

import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP side guards and limits requests.
 *
 * @param bodyLimit the largest request body accepted, in bytes; larger gets 413
 * @param apiToken the bearer token for state-changing calls; empty (demo mode only) lets every call
 *     through
 * @param protectReads whether reads under {@code /api/v1} and {@code /metrics} need the token too
 * @param maxEventClients the most event-stream clients served at once; more get 503
 */
public record ApiSettings(
    long bodyLimit, Optional<String> apiToken, boolean protectReads, int maxEventClients) {

  public ApiSettings {
    Objects.requireNonNull(apiToken, "apiToken");
    if (bodyLimit <= 0) {
      throw new IllegalArgumentException("bodyLimit (" + bodyLimit + ") must be > 0");
    }
    if (maxEventClients < 1) {
      throw new IllegalArgumentException("maxEventClients (" + maxEventClients + ") must be >= 1");
    }
  }
}
