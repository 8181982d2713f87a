package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.fleetlearn.protocol.topic.Ids;

/**
 * A task on {@code device/{id}/task}: which model to fetch, how to train it, how to send the result
 * back, and by when. Published with a message expiry equal to the deadline.
 *
 * @param type train or evaluate
 * @param round the round (≥ 1)
 * @param modelVersion the global model version to start from
 * @param variant the model variant to fetch from {@code model/{version}/{variant}}
 * @param spec the model family, e.g. {@code cnn} ({@link ModelSpec#parse})
 * @param widthPpm the variant's width in parts per million of the full model, in [1, 1000000]
 * @param uploadPipeline how to compress the update, e.g. the upload preset; a valid pipeline name
 * @param epochs local epochs, in [1, 1000]
 * @param batchSize in [1, 65536]
 * @param learningRate in (0, 10]
 * @param optimizer sgd, momentum (0.9) or adam
 * @param proximalMu FedProx's mu; 0 for plain local SGD
 * @param l1 weight of an L1 penalty that pushes weights to zero; 0 for none
 * @param deadlineMillis epoch milliseconds after which an update is no longer wanted
 */
public record TaskMessage(
    @JsonProperty(required = true) TaskType type,
    @JsonProperty(required = true) long round,
    @JsonProperty(required = true) long modelVersion,
    @JsonProperty(required = true) String variant,
    @JsonProperty(required = true) String spec,
    @JsonProperty(required = true) int widthPpm,
    @JsonProperty(required = true) String uploadPipeline,
    @JsonProperty(required = true) int epochs,
    @JsonProperty(required = true) int batchSize,
    @JsonProperty(required = true) double learningRate,
    @JsonProperty(required = true) Optimizer optimizer,
    @JsonProperty(required = true) double proximalMu,
    @JsonProperty(required = true) double l1,
    @JsonProperty(required = true) long deadlineMillis) {

  public TaskMessage {
    Check.present("type", type);
    Check.atLeast("round", round, 1);
    Check.atLeast("modelVersion", modelVersion, 0);
    Ids.require("variant", variant);
    Check.text("spec", spec, Check.MAX_TEXT);
    try {
      ModelSpec.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spec: " + e.getMessage(), e);
    }
    Check.range("widthPpm", widthPpm, 1, 1_000_000);
    Check.text("uploadPipeline", uploadPipeline, Check.MAX_TEXT);
    try {
      Pipeline.parse(uploadPipeline);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("uploadPipeline: " + e.getMessage(), e);
    }
    Check.range("epochs", epochs, 1, 1000);
    Check.range("batchSize", batchSize, 1, 65_536);
    Check.range("learningRate", learningRate, Double.MIN_NORMAL, 10);
    Check.present("optimizer", optimizer);
    Check.range("proximalMu", proximalMu, 0, 1e6);
    Check.range("l1", l1, 0, 1e6);
    Check.atLeast("deadlineMillis", deadlineMillis, 0);
  }
}
