package io.fleetlearn.coordinator.api;

import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.http.Routes;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Devices as the registry knows them, and their resource history. */
public final class DeviceRoutes implements Routes {
  /** The document's default for {@code limit}. */
  static final int DEFAULT_LIMIT = 100;

  private final FleetService fleet;

  public DeviceRoutes(FleetService fleet) {
    this.fleet = fleet;
  }

  @Override
  public void setupRouter(RouterBuilder builder) {
    builder.getRoute("listDevices").addHandler(this::handleList);
    builder.getRoute("getDevice").addHandler(this::handleGet);
    builder.getRoute("getDeviceResources").addHandler(this::handleResources);
  }

  private void handleList(RoutingContext rc) {
    Replies.ok(rc, fleet.devices());
  }

  private void handleGet(RoutingContext rc) {
    String id = Replies.path(rc, "deviceId").getString();
    Replies.found(rc, fleet.device(id), "device " + id);
  }

  private void handleResources(RoutingContext rc) {
    String id = Replies.path(rc, "deviceId").getString();
    var limit = Replies.query(rc, "limit");
    int n = limit == null || limit.isNull() ? DEFAULT_LIMIT : limit.getInteger();
    Replies.ok(rc, fleet.resourceHistory(id, n));
  }
}
