package io.fleetlearn.coordinator.fleet;

import io.fleetlearn.protocol.message.Resources;

/** One resource report of a device, as received. */
public record ResourceSample(long timeMillis, Resources resources) {}
