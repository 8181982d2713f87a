/**
 * Virtual devices: the unchanged {@link io.fleetlearn.device.client.DeviceClient}, each with its
 * own data folder and shard, a fake {@code /proc} and {@code /sys} written from its profile, and a
 * transport wrapper that emulates its link and its slower CPU.
 */
package io.fleetlearn.simulator.device;
