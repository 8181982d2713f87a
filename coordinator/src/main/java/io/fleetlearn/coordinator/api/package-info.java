/**
 * The REST API under {@code /api/v1} and its live event stream: route groups that turn validated
 * requests into {@link io.fleetlearn.coordinator.fleet.FleetService} calls and views into JSON. The
 * routes themselves, and the validation of every request, come from {@code openapi.yaml}.
 */
package io.fleetlearn.coordinator.api;
