package io.fleetlearn.simulator.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP exchange with the coordinator's REST API over the JDK's client, and what turns its
 * answers into values or into a {@link FleetControlException} that names the method, the URL and
 * the status. Every answer is untrusted: bodies are read up to a limit, JSON is parsed into the
 * coordinator's own view records, and anything else becomes a message rather than a stack trace.
 */
final class ApiClient {
  private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** An error body is a problem detail of a few hundred bytes; read no more than this of one. */
  private static final int MAX_ERROR_BYTES = 64 << 10;

  /** The longest pause between two tries of a read while the coordinator is unavailable. */
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  /** Longest piece of the coordinator's own words repeated in a message. */
  private static final int MAX_DETAIL_CHARS = 300;

  private final URI base;
  private final Optional<String> token;
  private final HttpClient http;
  private final ObjectMapper json;

  ApiClient(URI base, Optional<String> token) {
    this.base = base;
    this.token = token;
    // Redirects are not followed (the default): a token must not travel to another host.
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    // Unknown fields are ignored so that a newer coordinator's additions do not break the
    // simulator; types, required primitives and the records' own range checks still apply.
    this.json =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
  }

  URI base() {
    return base;
  }

  /** An exchange's answer: its status and body (when it is 2xx, up to the caller's limit). */
  record Answer(int status, byte[] body) {}

  /**
   * Like {@link #send}, but while the coordinator is {@linkplain FleetControlException#unavailable
   * unavailable} tries again, with back-off, until {@code patience} has passed: for idempotent
   * reads only, so that a coordinator that is still starting or restarting (a pod rescheduled) does
   * not end a run.
   */
  Answer sendPatiently(
      String method, String path, long maxBytes, Duration patience, int... accepted) {
    long deadline = System.nanoTime() + patience.toNanos();
    long backoffMillis = 500;
    boolean warned = false;
    while (true) {
      try {
        return send(method, path, null, maxBytes, accepted);
      } catch (FleetControlException e) {
        long left = deadline - System.nanoTime();
        if (!e.unavailable()) {
          throw e;
        }
        if (left <= 0) {
          throw warned
              ? new FleetControlException(
                  e.getMessage() + "; still so after " + patience.toSeconds() + " s", e)
              : e;
        }
        if (!warned) {
          LOG.warn("{}; trying again for up to {} s", e.getMessage(), patience.toSeconds());
          warned = true;
        }
        try {
          Thread.sleep(Math.min(backoffMillis, left / 1_000_000 + 1));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new FleetControlException(method + " " + base.resolve(path) + ": interrupted", ie);
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /**
   * Sends a request and returns its answer when the status is 2xx or one of {@code accepted};
   * anything else fails with the coordinator's problem detail in the message.
   */
  Answer send(String method, String path, byte[] body, long maxBytes, int... accepted) {
    URI uri = base.resolve(path);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json, application/octet-stream");
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    String what = method + " " + uri;
    HttpResponse<InputStream> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(what, "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    } catch (HttpTimeoutException e) {
      throw new FleetControlException(
          what + ": no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
    } catch (ConnectException e) {
      // The JDK's client reports an unknown host as a ConnectException without a message.
      throw unreachable(
          what,
          e.getCause() instanceof UnresolvedAddressException
              ? "unknown host " + uri.getHost()
              : "connection refused",
          e);
    } catch (IOException e) {
      throw unreachable(what, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetControlException(what + ": interrupted", e);
    }
    int status = response.statusCode();
    boolean ok = status / 100 == 2;
    for (int a : accepted) {
      ok |= status == a;
    }
    try (InputStream in = response.body()) {
      if (!ok) {
        throw refused(what, status, in.readNBytes(MAX_ERROR_BYTES));
      }
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > maxBytes) {
        throw tooLarge(what, status, declared, maxBytes);
      }
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw tooLarge(what, status, bytes.length, maxBytes);
      }
      return new Answer(status, bytes);
    } catch (IOException e) {
      throw new FleetControlException(
          what + " answered " + status + " but its body could not be read: " + e.getMessage(), e);
    }
  }

  /** Parses a 2xx body as {@code type}, naming the exchange if it is not one. */
  <T> T parse(String what, byte[] body, TypeReference<T> type, String typeName) {
    try {
      T value = json.readValue(body, type);
      if (value == null) {
        throw new FleetControlException(what + " answered JSON null, not " + typeName);
      }
      return value;
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw malformed(what, typeName, cause.getMessage(), e);
    } catch (JacksonException e) {
      throw malformed(what, typeName, e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw malformed(what, typeName, e.getMessage(), e);
    }
  }

  byte[] write(Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  private FleetControlException unreachable(String what, String why, Exception cause) {
    return FleetControlException.unavailable(
        "cannot reach the coordinator at "
            + base
            + " ("
            + what
            + ": "
            + why
            + "); check --coordinator and that the coordinator is up",
        cause);
  }

  private FleetControlException refused(String what, int status, byte[] body) {
    StringBuilder m = new StringBuilder(what).append(" answered ").append(status);
    problem(body).ifPresent(p -> m.append(": ").append(p));
    if (status == 401 || status == 403) {
      m.append(
          "; the coordinator refused the API token: check --api-token-file or"
              + " FLEETLEARN_API_TOKEN against the coordinator's API_TOKEN");
    } else if (status == 404 && !base.getPath().isEmpty() && !"/".equals(base.getPath())) {
      m.append("; --coordinator is the server's root URL, without a path");
    }
    // A gateway in front of the coordinator answers these while it (re)starts.
    return status == 502 || status == 503 || status == 504
        ? FleetControlException.unavailable(m.toString(), null)
        : new FleetControlException(m.toString());
  }

  /** The {@code title: detail} of a problem+json body, cleaned for a terminal, if it is one. */
  private Optional<String> problem(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      String title = node.path("title").asText("");
      String detail = node.path("detail").asText("");
      String text = title.isEmpty() ? detail : detail.isEmpty() ? title : title + ": " + detail;
      return text.isEmpty() ? Optional.empty() : Optional.of(clean(text));
    } catch (IOException e) {
      // Not JSON (a proxy's HTML page, say): the status alone has to do.
      String text = new String(body, StandardCharsets.UTF_8).strip();
      return text.isEmpty() || text.startsWith("<") ? Optional.empty() : Optional.of(clean(text));
    }
  }

  /** Untrusted text for a terminal: no control characters, bounded length. */
  private static String clean(String s) {
    String t = s.replaceAll("\\p{Cntrl}", " ");
    return t.length() > MAX_DETAIL_CHARS ? t.substring(0, MAX_DETAIL_CHARS) + "..." : t;
  }

  private static FleetControlException malformed(
      String what, String typeName, String why, Exception cause) {
    return new FleetControlException(
        what + " answered a body that is not " + typeName + ": " + clean(String.valueOf(why)),
        cause);
  }

  private static FleetControlException tooLarge(String what, int status, long size, long max) {
    return new FleetControlException(
        what + " answered " + status + " with " + size + " bytes; the limit is " + max);
  }
}
