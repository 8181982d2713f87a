/**
 * Update intake: the checks an update frame passes before it is folded, each refusal carrying a
 * reason ({@link io.fleetlearn.coordinator.ingest.Rejection}) that is counted and logged once.
 */
package io.fleetlearn.coordinator.ingest;
