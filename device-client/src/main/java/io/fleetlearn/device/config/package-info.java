/**
 * The device's configuration: a {@code .properties} file with environment-variable overrides
 * ({@code broker.uri} → {@code FLEETLEARN_BROKER_URI}), read into a validated {@link
 * io.fleetlearn.device.config.DeviceConfig}.
 */
package io.fleetlearn.device.config;
