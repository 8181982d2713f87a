package io.fleetlearn.coordinator.http;

import java.util.function.BooleanSupplier;

/**
 * What {@code /readiness} checks.
 *
 * @param mqtt whether the MQTT connection is up
 * @param store whether the database is open
 */
public record Readiness(BooleanSupplier mqtt, BooleanSupplier store) {}
