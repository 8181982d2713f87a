package io.fleetlearn.coordinator.api;

import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.http.Routes;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Rounds of a training, with their assignments and metrics. */
public final class RoundRoutes implements Routes {
  private final FleetService fleet;

  public RoundRoutes(FleetService fleet) {
    this.fleet = fleet;
  }

  @Override
  public void setupRouter(RouterBuilder builder) {
    builder.getRoute("listRounds").addHandler(this::handleList);
    builder.getRoute("getRound").addHandler(this::handleGet);
  }

  private void handleList(RoutingContext rc) {
    Replies.ok(rc, fleet.rounds(Replies.path(rc, "trainingId").getString()));
  }

  private void handleGet(RoutingContext rc) {
    String id = Replies.path(rc, "trainingId").getString();
    long round = Replies.path(rc, "round").getLong();
    Replies.found(rc, fleet.round(id, round), "round " + round + " of training " + id);
  }
}
