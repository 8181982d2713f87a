/**
 * Resource probes: what the device has, read from the real system ({@code /proc}, {@code /sys})
 * under a root path that tests and the simulator point elsewhere. A probe the hardware lacks (no
 * battery, no thermal zone) reports nothing rather than a made-up zero.
 */
package io.fleetlearn.device.probe;
