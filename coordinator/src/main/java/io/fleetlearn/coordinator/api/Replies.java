package io.fleetlearn.coordinator.api;

import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.protocol.message.Messages;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Optional;

/** What every handler does: read validated parameters, write views as JSON, 404 on empty. */
final class Replies {
  /** Views are records; the protocol's mapper writes them as the document describes. */
  private static final Messages JSON = new Messages();

  private Replies() {}

  static Buffer encode(Object value) {
    return Buffer.buffer(JSON.write(value));
  }

  static void json(RoutingContext rc, int status, Object value) {
    rc.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(encode(value));
  }

  /** Answers 200 with the value's JSON, or fails the request. */
  static void ok(RoutingContext rc, Future<?> value) {
    value.onSuccess(v -> json(rc, 200, v)).onFailure(rc::fail);
  }

  /** Answers 200 with the value's JSON, 404 (naming {@code what}) when it is empty. */
  static <T> void found(RoutingContext rc, Future<Optional<T>> value, String what) {
    value
        .map(o -> o.orElseThrow(() -> FleetException.notFound(what + " does not exist")))
        .onSuccess(v -> json(rc, 200, v))
        .onFailure(rc::fail);
  }

  static RequestParameter path(RoutingContext rc, String name) {
    return validated(rc).getPathParameters().get(name);
  }

  static RequestParameter query(RoutingContext rc, String name) {
    return validated(rc).getQuery().get(name);
  }

  static RequestParameter body(RoutingContext rc) {
    return validated(rc).getBody();
  }

  private static ValidatedRequest validated(RoutingContext rc) {
    return rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }
}
