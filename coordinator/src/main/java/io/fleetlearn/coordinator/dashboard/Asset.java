package io.fleetlearn.coordinator.dashboard;

import io.vertx.core.buffer.Buffer;

/**
 * One file of the dashboard, held in memory.
 *
 * @param contentType its media type
 * @param content its bytes
 */
record Asset(String contentType, Buffer content) {}
