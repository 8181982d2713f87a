package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The result of an evaluation task, carried in the device's retained status (design.md gives the
 * update topic to binary frames only, and a status is already the device's JSON report): the
 * coordinator reads it from there, keyed by round, like a {@link Decline}.
 *
 * @param round the evaluation task's round
 * @param modelVersion the global model version that was evaluated
 * @param loss mean softmax cross-entropy (natural log) on the device's test data
 * @param accuracy fraction of test examples classified correctly, in [0, 1]
 * @param samples test examples evaluated, the weight of this report in a fleet-wide mean
 */
public record EvaluationReport(
    @JsonProperty(required = true) long round,
    @JsonProperty(required = true) long modelVersion,
    @JsonProperty(required = true) double loss,
    @JsonProperty(required = true) double accuracy,
    @JsonProperty(required = true) int samples) {
  public EvaluationReport {
    Check.atLeast("evaluation.round", round, 1);
    Check.atLeast("evaluation.modelVersion", modelVersion, 0);
    Check.range("evaluation.loss", loss, 0, 1e6);
    Check.range("evaluation.accuracy", accuracy, 0, 1);
    Check.range("evaluation.samples", samples, 1, 1_000_000_000);
  }
}
