/**
 * The ingest benchmark ({@code -Dbench=ingest}): updates per second the coordinator validates and
 * folds, against the raw MQTT receive rate and the decode-only rate of the same frames.
 */
package io.fleetlearn.coordinator.bench;
