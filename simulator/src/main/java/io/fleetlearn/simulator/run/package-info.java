/**
 * One simulation: the real coordinator deployed in-process with its embedded broker, the virtual
 * fleet connected to it over real MQTT, a training created through {@link
 * io.fleetlearn.coordinator.fleet.FleetService}, and the global model evaluated on the held-out
 * test set after every round.
 */
package io.fleetlearn.simulator.run;
