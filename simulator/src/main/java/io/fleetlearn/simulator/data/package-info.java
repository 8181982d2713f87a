/**
 * The simulator's data: Fashion-MNIST (the bundled sample or the full set), split over the virtual
 * devices non-IID by a Dirichlet distribution over labels, written as one IDX shard per device.
 */
package io.fleetlearn.simulator.data;
