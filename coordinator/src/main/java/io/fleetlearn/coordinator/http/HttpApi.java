package io.fleetlearn.coordinator.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator's HTTP side, built contract-first: {@code openapi.yaml} (served at {@code
 * /openapi.yaml} and {@code /openapi.json}) makes the router, and every request is validated
 * against it before a handler sees it. This class serves the operational routes ({@code /health},
 * {@code /readiness}, {@code /metrics}, the document); {@link Routes} groups serve the rest. Every
 * failure, from a handler or from Vert.x Web itself, leaves as one RFC 9457 problem detail.
 */
public final class HttpApi implements AutoCloseable {
  /** The contract, a class-path resource. */
  public static final String DOCUMENT = "openapi.yaml";

  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private final OpenApiDocument document;
  private final OpenAPIContract contract;
  private final HttpMeters meters;
  private final List<String> unimplemented = new ArrayList<>();
  private Router router;

  private HttpApi(Readiness readiness, PrometheusMeterRegistry registry, OpenApiDocument document) {
    this.readiness = readiness;
    this.registry = registry;
    this.document = document;
    this.contract = document.contract();
    this.meters = new HttpMeters(registry, contract);
  }

  /**
   * Reads the document and builds the router.
   *
   * @param groups the route groups that serve the document's other operations; an operation no
   *     group serves answers 501 and is listed by {@link #unimplemented}
   */
  public static Future<HttpApi> create(
      Vertx vertx,
      ApiSettings settings,
      Readiness readiness,
      PrometheusMeterRegistry registry,
      List<Routes> groups) {
    return OpenApiDocument.load(vertx, DOCUMENT)
        .map(document -> new HttpApi(readiness, registry, document))
        .map(api -> api.build(vertx, settings, groups));
  }

  private HttpApi build(Vertx vertx, ApiSettings settings, List<Routes> groups) {
    RouterBuilder builder =
        RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    BearerAuth auth = new BearerAuth(settings.apiToken(), settings.protectReads());
    builder.rootHandler(meters);
    builder.rootHandler(auth);
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(settings.bodyLimit()));
    setupRouter(builder);
    groups.forEach(g -> g.setupRouter(builder));
    for (OpenAPIRoute route : builder.getRoutes()) {
      // BearerAuth runs first for every route; the builder's own security would run it again.
      route.setDoSecurity(false);
      if (route.getHandlers().isEmpty()) {
        String id = route.getOperation().getOperationId();
        unimplemented.add(id);
        route.addHandler(
            rc -> rc.fail(new HttpException(501, "operation " + id + " is not served here")));
      }
    }
    Failures failures = new Failures(settings.bodyLimit());
    router = builder.createRouter();
    router.route().failureHandler(failures::handle);
    // Routing misses never reach a failure handler; send them to the same place.
    for (int status : new int[] {404, 405, 406, 413, 415}) {
      router.errorHandler(status, failures::handle);
    }
    return this;
  }

  private void setupRouter(RouterBuilder builder) {
    builder.getRoute("health").addHandler(this::handleHealth);
    builder.getRoute("readiness").addHandler(this::handleReadiness);
    builder.getRoute("metrics").addHandler(this::handleMetrics);
    builder.getRoute("openapiYaml").addHandler(this::handleOpenApiYaml);
    builder.getRoute("openapiJson").addHandler(this::handleOpenApiJson);
  }

  /** The router to serve. */
  public Router router() {
    return router;
  }

  /** The document as served at {@code /openapi.json}. */
  public JsonObject document() {
    return document.json().copy();
  }

  /** Operation ids of the document that no route group serves (they answer 501). */
  public List<String> unimplemented() {
    return List.copyOf(unimplemented);
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
    Failures.send(
        rc, new Problem(503, "Not ready", detail, new JsonObject().put("checks", checks)));
  }

  private void handleMetrics(RoutingContext rc) {
    rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape());
  }

  private void handleOpenApiYaml(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(document.yaml());
  }

  private void handleOpenApiJson(RoutingContext rc) {
    rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(document.json().toBuffer());
  }

  @Override
  public void close() {
    meters.close();
  }
}
