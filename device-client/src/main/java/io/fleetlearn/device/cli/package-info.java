/**
 * The {@code fleetlearn-device} command line (picocli): {@code run}, {@code predict}, {@code
 * probe}, {@code benchmark}, {@code selftest}, {@code version}. Exit codes: 0 ok, 1 runtime
 * failure, 2 bad configuration or usage (the message names the key or option).
 */
package io.fleetlearn.device.cli;
