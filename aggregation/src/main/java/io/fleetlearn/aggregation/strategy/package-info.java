/**
 * The {@link io.fleetlearn.aggregation.strategy.Strategy} API, in the spirit of Flower's: a
 * strategy configures a round (which devices, with what settings) and aggregates its results, with
 * failures passed in as data; and the strategies themselves, each documented with its update rule
 * and the paper it comes from.
 *
 * <p>The averaging family: {@link io.fleetlearn.aggregation.strategy.FedAvg} (its rounds are {@link
 * io.fleetlearn.aggregation.strategy.FedAvgRound}s, weighted by a {@link
 * io.fleetlearn.aggregation.strategy.SamplePolicy}), {@link
 * io.fleetlearn.aggregation.strategy.FedProx} (device side only) and the server optimizers of
 * {@link io.fleetlearn.aggregation.strategy.FedOpt}: FedAvgM, FedAdam, FedYogi, FedAdagrad.
 */
package io.fleetlearn.aggregation.strategy;
