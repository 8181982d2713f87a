/**
 * Per-device model sizing: which width each selected device trains ({@link
 * io.fleetlearn.coordinator.sizing.Sizing}) and how each variant is compressed for download ({@link
 * io.fleetlearn.coordinator.sizing.DownloadRule}). Pure functions, no I/O.
 */
package io.fleetlearn.coordinator.sizing;
