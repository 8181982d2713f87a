/** Test harness around the coordinator: simulated devices and the update frames they send. */
package io.fleetlearn.coordinator.harness;
