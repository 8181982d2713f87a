package io.fleetlearn.device.train;

/**
 * A model's quality on labelled data.
 *
 * @param loss mean softmax cross-entropy (natural log)
 * @param accuracy fraction of examples whose most probable class is the label
 * @param samples examples evaluated
 * @param msPerExample forward time per example
 */
public record Evaluation(double loss, double accuracy, int samples, double msPerExample) {}
