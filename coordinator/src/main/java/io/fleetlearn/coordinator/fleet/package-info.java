/**
 * The coordinator's domain as the outside sees it: {@link
 * io.fleetlearn.coordinator.fleet.FleetService} and the records it returns. The REST API, the
 * dashboard and the event stream use nothing else; the round engine implements it. Every method
 * completes on the caller's Vert.x context.
 */
package io.fleetlearn.coordinator.fleet;
