package io.fleetlearn.coordinator.api;

import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.http.Routes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Global model versions of a training, and the download of one variant's frame. */
public final class ModelRoutes implements Routes {
  private final FleetService fleet;

  public ModelRoutes(FleetService fleet) {
    this.fleet = fleet;
  }

  @Override
  public void setupRouter(RouterBuilder builder) {
    builder.getRoute("listModels").addHandler(this::handleList);
    builder.getRoute("downloadModel").addHandler(this::handleDownload);
  }

  private void handleList(RoutingContext rc) {
    Replies.ok(rc, fleet.models(Replies.path(rc, "trainingId").getString()));
  }

  private void handleDownload(RoutingContext rc) {
    String id = Replies.path(rc, "trainingId").getString();
    long version = Replies.path(rc, "version").getLong();
    String variant = Replies.path(rc, "variant").getString();
    String what = "model version " + version + " variant " + variant + " of training " + id;
    fleet
        .modelFrame(id, version, variant)
        .map(o -> o.orElseThrow(() -> FleetException.notFound(what + " does not exist")))
        .onSuccess(
            frame ->
                rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                    .putHeader(
                        HttpHeaders.CONTENT_DISPOSITION,
                        // Ids and variants are [A-Za-z0-9._-]: safe inside the quotes.
                        "attachment; filename=\"%s-v%d-%s.flm\"".formatted(id, version, variant))
                    .end(Buffer.buffer(frame)))
        .onFailure(rc::fail);
  }
}
