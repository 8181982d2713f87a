package io.fleetlearn.coordinator.http;

import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.protocol.message.ProtocolException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into one RFC 9457 problem detail: the fleet's own kinds (invalid 422, not
 * found 404, conflict 409), the document's validation (a body that breaks the schema 422, a body
 * that is not JSON 415, a malformed body or parameter 400), a missing token 401, and whatever
 * Vert.x Web reports itself (404, 405, 413...). A 5xx logs the cause and tells the caller only to
 * see the log.
 */
final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  /** Schema keywords that only say "a part below failed". */
  private static final Pattern COMPOSITE =
      Pattern.compile("/(allOf|anyOf|oneOf|\\$ref|properties|additionalProperties)$");

  private final long bodyLimit;

  Failures(long bodyLimit) {
    this.bodyLimit = bodyLimit;
  }

  void handle(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof HttpException h && h.getCause() instanceof ValidatorException v) {
      failure = v;
    }
    Problem problem = problem(rc, failure);
    if (failure instanceof BearerAuth.Unauthorized u) {
      rc.response().putHeader("WWW-Authenticate", u.challenge());
    }
    send(rc, problem);
  }

  private Problem problem(RoutingContext rc, Throwable failure) {
    if (failure instanceof FleetException f) {
      int status =
          switch (f.kind()) {
            case INVALID -> 422;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
          };
      return of(status, f.getMessage());
    }
    if (failure instanceof ProtocolException p) {
      return of(422, p.getMessage());
    }
    if (failure instanceof BearerAuth.Unauthorized u) {
      return of(401, u.getMessage());
    }
    if (failure instanceof SchemaValidationException s && s.getMessage().contains(" body ")) {
      return of(422, bodyReason(s.getOutputUnit()));
    }
    if (failure instanceof ValidatorException v) {
      if (v.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT) {
        return of(415, "the body must be application/json");
      }
      return of(400, v.getMessage());
    }
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    if (failure instanceof HttpException h) {
      status = h.getStatusCode();
    }
    if (status >= 500 && status != 503) {
      // Internals stay in the log; the caller gets a reference-free generic message.
      LOG.error("{} {} failed", rc.request().method(), rc.request().path(), failure);
      return of(status, "internal error; see the coordinator's log");
    }
    return switch (status) {
      case 404 -> of(404, "no resource at " + rc.request().path());
      case 405 -> of(405, rc.request().method() + " is not allowed on " + rc.request().path());
      case 413 -> of(413, "request body larger than " + bodyLimit + " bytes");
      default ->
          of(status, failure != null && failure.getMessage() != null ? failure.getMessage() : "");
    };
  }

  /**
   * Names the field: the schema library's own words, with where in the body they apply. The library
   * also reports a property that failed its own schema as "not matching additionalProperties", so a
   * leaf error (type, enum, length...) wins over that, and only a property with no leaf error is
   * called unknown.
   */
  private static String bodyReason(OutputUnit unit) {
    List<OutputUnit> errors = unit.getErrors() == null ? List.of() : unit.getErrors();
    OutputUnit unknown = null;
    for (OutputUnit e : errors) {
      String keyword = e.getKeywordLocation() == null ? "" : e.getKeywordLocation();
      if (keyword.endsWith("/additionalProperties")) {
        unknown = unknown == null ? e : unknown;
      } else if (!COMPOSITE.matcher(keyword).find()) {
        return where(e) + ": " + e.getError();
      }
    }
    if (unknown != null) {
      return "unknown field '" + field(unknown) + "'";
    }
    return errors.isEmpty() ? "the body does not match the schema" : where(errors.get(0));
  }

  private static String where(OutputUnit e) {
    String field = field(e);
    return field.isEmpty() ? "body" : "field '" + field + "'";
  }

  private static String field(OutputUnit e) {
    String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation();
    return at.replaceFirst("^#?/?", "").replace('/', '.');
  }

  static Problem of(int status, String detail) {
    return Problem.of(status, HttpResponseStatus.valueOf(status).reasonPhrase(), detail);
  }

  static void send(RoutingContext rc, Problem problem) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    rc.response()
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(problem.toJson().encode());
  }
}
