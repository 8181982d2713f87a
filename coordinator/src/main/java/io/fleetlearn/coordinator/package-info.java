/**
 * The coordinator service: {@link io.fleetlearn.coordinator.CoordinatorVerticle} wires the
 * configuration, the database, MQTT and HTTP; {@link io.fleetlearn.coordinator.Main} deploys it.
 */
package io.fleetlearn.coordinator;
