package io.fleetlearn.coordinator.sizing;

import io.fleetlearn.compression.tensor.Ratio;

/**
 * The width sizing gave a device, with the estimates behind it.
 *
 * @param width the width
 * @param memoryBytes estimated peak memory of a training round at that width
 * @param seconds estimated round time (download, training, upload)
 * @param fitsMemory whether {@code memoryBytes} fits what the device has available; when even the
 *     narrowest width does not fit, the device is not selected
 * @param fitsDeadline whether {@code seconds} fits the deadline budget
 */
public record Choice(
    Ratio width, long memoryBytes, double seconds, boolean fitsMemory, boolean fitsDeadline) {}
