/**
 * The coordinator's metrics, named once: {@link io.fleetlearn.coordinator.metrics.FleetMetrics}
 * records them on a Micrometer registry that the HTTP layer exposes in Prometheus format.
 */
package io.fleetlearn.coordinator.metrics;
