/**
 * Local inference with the latest global model the device accepted: the model is kept on disk in
 * the data folder ({@link io.fleetlearn.device.inference.ModelStore}) so that predictions work
 * between rounds and after a restart, and {@link io.fleetlearn.device.inference.LocalInference}
 * predicts with it and reports latency.
 */
package io.fleetlearn.device.inference;
