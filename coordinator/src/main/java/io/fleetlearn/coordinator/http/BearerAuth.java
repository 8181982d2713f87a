package io.fleetlearn.coordinator.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <API_TOKEN>} on every state-changing call under {@code
 * /api/}, and on reads there and on {@code /metrics} when reads are protected. It runs before the
 * body is read, so an unauthenticated caller cannot make the server buffer a body: Vert.x Web
 * orders handlers by kind, and a security-policy handler is the kind that runs before the body
 * handler (an authentication handler would run after it).
 */
final class BearerAuth implements SecurityPolicyHandler {
  static final String CHALLENGE = "Bearer realm=\"fleetlearn\"";

  private final Optional<byte[]> tokenDigest;
  private final boolean protectReads;

  BearerAuth(Optional<String> token, boolean protectReads) {
    this.tokenDigest = token.map(BearerAuth::sha256);
    this.protectReads = protectReads;
  }

  /** Whether a request needs the token; the document declares the same (tested). */
  static boolean required(HttpMethod method, String path, boolean protectReads) {
    boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
    if (path.startsWith("/api/")) {
      return !read || protectReads;
    }
    return protectReads && path.equals("/metrics");
  }

  @Override
  public void handle(RoutingContext rc) {
    if (tokenDigest.isEmpty()
        || !required(rc.request().method(), rc.normalizedPath(), protectReads)) {
      rc.next();
      return;
    }
    String header = rc.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      rc.fail(
          new Unauthorized("this call needs the header Authorization: Bearer <API_TOKEN>", false));
      return;
    }
    // Digests have one length, so the comparison takes the same time whatever was sent.
    if (!MessageDigest.isEqual(tokenDigest.get(), sha256(header.substring(7).trim()))) {
      rc.fail(new Unauthorized("the bearer token is not the coordinator's API_TOKEN", true));
      return;
    }
    rc.next();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** A missing or wrong token; {@code invalid} tells which, for the WWW-Authenticate header. */
  static final class Unauthorized extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean invalid;

    Unauthorized(String message, boolean invalid) {
      super(message, null, false, false);
      this.invalid = invalid;
    }

    String challenge() {
      return invalid ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE;
    }
  }
}
