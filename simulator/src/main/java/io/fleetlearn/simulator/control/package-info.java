/**
 * What a simulation asks of the coordinator, behind one small interface ({@link FleetControl}) with
 * two implementations: the in-process {@link io.fleetlearn.coordinator.fleet.FleetService} of a
 * coordinator the simulator started itself, and the REST API of one that runs elsewhere (a
 * Kubernetes service, another machine). The simulation's loop is the same for both.
 */
package io.fleetlearn.simulator.control;
