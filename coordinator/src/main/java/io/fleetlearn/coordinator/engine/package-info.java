/**
 * The round engine behind {@link io.fleetlearn.coordinator.fleet.FleetService}: trainings, their
 * persistence, the event stream, and the store layout ({@link
 * io.fleetlearn.coordinator.engine.StoreKeys}).
 */
package io.fleetlearn.coordinator.engine;
