/**
 * The {@link io.fleetlearn.aggregation.strategy.Strategy} API, in the spirit of Flower's: a
 * strategy configures a round (which devices, with what settings) and aggregates its results, with
 * failures passed in as data; and the strategies themselves, each documented with its update rule
 * and the paper it comes from.
 */
package io.fleetlearn.aggregation.strategy;
