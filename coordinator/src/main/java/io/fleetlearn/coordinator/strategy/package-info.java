/**
 * How a training aggregates and whom it asks: strategies by name with their options ({@link
 * io.fleetlearn.coordinator.strategy.StrategyFactory}), the asynchronous FedBuff round ({@link
 * io.fleetlearn.coordinator.strategy.BufferedRound}) and device selection ({@link
 * io.fleetlearn.coordinator.strategy.Selection}).
 */
package io.fleetlearn.coordinator.strategy;
