package io.fleetlearn.coordinator.api;

import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Trainings: create, list, read, configure, start, stop. */
public final class TrainingRoutes implements Routes {
  private final FleetService fleet;
  private final TrainingSettings settings = new TrainingSettings();

  public TrainingRoutes(FleetService fleet) {
    this.fleet = fleet;
  }

  @Override
  public void setupRouter(RouterBuilder builder) {
    builder.getRoute("listTrainings").addHandler(this::handleList);
    builder.getRoute("createTraining").addHandler(this::handleCreate);
    builder.getRoute("getTraining").addHandler(this::handleGet);
    builder.getRoute("configureTraining").addHandler(this::handleConfigure);
    builder.getRoute("startTraining").addHandler(this::handleStart);
    builder.getRoute("stopTraining").addHandler(this::handleStop);
  }

  private void handleList(RoutingContext rc) {
    Replies.ok(rc, fleet.trainings());
  }

  private void handleCreate(RoutingContext rc) {
    JsonObject body = Replies.body(rc).getJsonObject();
    Future.<TrainingRequest>future(p -> p.complete(settings.create(body)))
        .compose(fleet::createTraining)
        .onSuccess(
            t -> {
              rc.response().putHeader(HttpHeaders.LOCATION, "/api/v1/trainings/" + t.id());
              Replies.json(rc, 201, t);
            })
        .onFailure(rc::fail);
  }

  private void handleGet(RoutingContext rc) {
    String id = Replies.path(rc, "trainingId").getString();
    Replies.found(rc, fleet.training(id), "training " + id);
  }

  private void handleConfigure(RoutingContext rc) {
    String id = Replies.path(rc, "trainingId").getString();
    JsonObject body = Replies.body(rc).getJsonObject();
    fleet
        .training(id)
        .map(
            o -> o.orElseThrow(() -> FleetException.notFound("training " + id + " does not exist")))
        .map(t -> settings.overlay(t.request(), body))
        .compose(request -> fleet.configureTraining(id, request))
        .onSuccess(t -> Replies.json(rc, 200, t))
        .onFailure(rc::fail);
  }

  private void handleStart(RoutingContext rc) {
    Replies.ok(rc, fleet.startTraining(Replies.path(rc, "trainingId").getString()));
  }

  private void handleStop(RoutingContext rc) {
    Replies.ok(rc, fleet.stopTraining(Replies.path(rc, "trainingId").getString()));
  }
}
