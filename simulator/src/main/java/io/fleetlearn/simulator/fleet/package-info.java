/**
 * What the simulated fleet is made of: device profiles (memory, CPUs, compute slow-down, battery),
 * link profiles (bandwidth, latency, loss, dropouts) and the YAML fleet file that mixes them.
 */
package io.fleetlearn.simulator.fleet;
