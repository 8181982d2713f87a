/**
 * The device registry: who is online, what each device has (resources and their history, round
 * durations, declines, evaluation reports, the model version it holds), fed by retained statuses
 * and wills, persisted in the {@code devices} family.
 */
package io.fleetlearn.coordinator.registry;
