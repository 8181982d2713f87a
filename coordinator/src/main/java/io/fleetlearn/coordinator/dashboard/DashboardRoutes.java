package io.fleetlearn.coordinator.dashboard;

import io.fleetlearn.coordinator.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Map;

/**
 * Serves the dashboard: {@code /} redirects to {@code /dashboard/}, which is the page; {@code
 * /dashboard/{asset}} is one of a fixed set of files, read once at start. A fixed set (not a
 * directory handler) means no path a caller sends can reach another resource.
 */
public final class DashboardRoutes implements Routes {

  /** Same-origin only; uPlot sizes its elements with inline styles. */
  private static final String CSP =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

  private final Map<String, Asset> assets;

  private DashboardRoutes(Map<String, Asset> assets) {
    this.assets = Map.copyOf(assets);
  }

  /** Reads the page and its files from the class path. */
  public static Future<DashboardRoutes> load(Vertx vertx) {
    return vertx.executeBlocking(() -> new DashboardRoutes(Assets.read()));
  }

  @Override
  public void setupRouter(RouterBuilder builder) {
    builder.getRoute("root").addHandler(this::handleRoot);
    builder.getRoute("dashboard").addHandler(this::handlePage);
    builder.getRoute("dashboardAsset").addHandler(this::handleAsset);
  }

  private void handleRoot(RoutingContext rc) {
    rc.redirect("/dashboard/");
  }

  private void handlePage(RoutingContext rc) {
    send(rc, assets.get("index.html"));
  }

  private void handleAsset(RoutingContext rc) {
    String name = rc.pathParam("asset");
    Asset asset = assets.get(name);
    if (asset == null) {
      rc.fail(new HttpException(404));
      return;
    }
    send(rc, asset);
  }

  private static void send(RoutingContext rc, Asset asset) {
    rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(asset.content());
  }
}
