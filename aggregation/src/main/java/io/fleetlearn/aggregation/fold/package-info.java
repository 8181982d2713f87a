/**
 * Folding updates into running weighted sums: dense, sparse and width-sliced updates into one
 * full-size accumulator, and partial aggregates that merge across coordinators.
 */
package io.fleetlearn.aggregation.fold;
