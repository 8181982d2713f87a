/**
 * Asynchronous aggregation: devices train on whatever global version they last received and send
 * their updates at any time; the server folds them as they arrive, damps stale ones, and publishes
 * a new global version every few updates (FedBuff, Nguyen et al. 2022).
 */
package io.fleetlearn.aggregation.async;
