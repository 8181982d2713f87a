/**
 * Local training and inference with DJL on the PyTorch CPU engine: {@link
 * io.fleetlearn.device.train.DjlModels} builds the network of a {@code ModelSpec} at a width and
 * maps its parameters 1:1 onto the spec's tensors, {@link io.fleetlearn.device.train.LocalTrainer}
 * runs a round of local epochs (FedProx and L1 terms optional) and returns the weight delta, {@link
 * io.fleetlearn.device.train.Predictor} predicts and evaluates with the latest weights.
 *
 * <p>DJL runs offline ({@link io.fleetlearn.device.train.DjlRuntime}): the natives ship in the jar
 * and nothing is downloaded. Every native allocation lives in a try-with-resources scope.
 */
package io.fleetlearn.device.train;
