package io.fleetlearn.coordinator.http;

import io.vertx.ext.web.openapi.router.RouterBuilder;

/** A group of routes: it attaches one handler to each of its operations of {@code openapi.yaml}. */
public interface Routes {
  /** Attaches this group's handlers to their operations, by operation id. */
  void setupRouter(RouterBuilder builder);
}
