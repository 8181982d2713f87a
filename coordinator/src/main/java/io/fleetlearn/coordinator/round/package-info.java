/**
 * Rounds as a persisted state machine: {@link io.fleetlearn.coordinator.round.RoundDriver} opens
 * (select, size, publish), takes in updates ({@link io.fleetlearn.coordinator.round.UpdateIntake}),
 * closes (aggregate, store the new version) and, after a restart, resumes ({@code Recovery}).
 */
package io.fleetlearn.coordinator.round;
