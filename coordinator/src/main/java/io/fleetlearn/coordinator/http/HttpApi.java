package io.fleetlearn.coordinator.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's HTTP routes. Every failure, from a handler or from Vert.x Web itself (unknown
 * route, body too large), leaves as one RFC 9457 problem detail.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  private final Readiness readiness;
  private final long bodyLimit;

  /**
   * @param readiness what {@code /readiness} checks
   * @param bodyLimit the largest request body accepted, in bytes; larger gets 413
   */
  public HttpApi(Readiness readiness, long bodyLimit) {
    this.readiness = readiness;
    this.bodyLimit = bodyLimit;
  }

  /** Installs the routes and the error handling on {@code router}. */
  public Router setupRouter(Router router) {
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    router.get("/health").handler(this::handleHealth);
    router.get("/readiness").handler(this::handleReadiness);
    router.route().failureHandler(this::handleFailure);
    // Routing misses never reach a failure handler; send them to the same place.
    for (int status : new int[] {404, 405, 406, 413, 415}) {
      router.errorHandler(status, this::handleFailure);
    }
    return router;
  }

  private void handleHealth(RoutingContext rc) {
    rc.json(new JsonObject().put("status", "UP"));
  }

  private void handleReadiness(RoutingContext rc) {
    boolean mqtt = readiness.mqtt().getAsBoolean();
    boolean store = readiness.store().getAsBoolean();
    JsonObject checks =
        new JsonObject().put("mqtt", mqtt ? "UP" : "DOWN").put("store", store ? "UP" : "DOWN");
    if (mqtt && store) {
      rc.json(new JsonObject().put("status", "UP").put("checks", checks));
      return;
    }
    String detail =
        (!mqtt ? "the MQTT connection is down" : "")
            + (!mqtt && !store ? "; " : "")
            + (!store ? "the database is closed" : "");
    send(rc, new Problem(503, "Not ready", detail, new JsonObject().put("checks", checks)));
  }

  private void handleFailure(RoutingContext rc) {
    Throwable failure = rc.failure();
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    if (failure instanceof HttpException h) {
      status = h.getStatusCode();
    }
    String detail;
    if (status >= 500) {
      // Internals stay in the log; the caller gets a reference-free generic message.
      LOG.error("{} {} failed", rc.request().method(), rc.request().path(), failure);
      detail = "internal error; see the coordinator's log";
    } else if (status == 404) {
      detail = "no resource at " + rc.request().path();
    } else if (status == 413) {
      detail = "request body larger than " + bodyLimit + " bytes";
    } else {
      detail = failure != null && failure.getMessage() != null ? failure.getMessage() : "";
    }
    send(rc, Problem.of(status, phrase(status), detail));
  }

  private static String phrase(int status) {
    return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
  }

  private static void send(RoutingContext rc, Problem problem) {
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
