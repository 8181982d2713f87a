/** The {@code simulate} command line: options, console progress, exit codes. */
package io.fleetlearn.simulator.cli;
