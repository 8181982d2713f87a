package io.fleetlearn.device.inference;

import io.fleetlearn.device.train.Predictions;
import java.util.OptionalDouble;

/**
 * What {@link LocalInference#run} measured.
 *
 * @param predictions label and class probabilities of every example
 * @param accuracy the share of examples predicted right, when the data has labels
 * @param perExample latency of one example predicted alone (the call a sensor makes per reading)
 * @param perBatch latency of a batch of {@code batchSize} examples
 * @param batchSize examples per batch
 */
public record InferenceReport(
    Predictions predictions,
    OptionalDouble accuracy,
    Latency perExample,
    Latency perBatch,
    int batchSize) {}
