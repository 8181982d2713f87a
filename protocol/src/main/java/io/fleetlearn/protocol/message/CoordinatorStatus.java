package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fleetlearn.protocol.topic.Ids;

/**
 * The coordinator's retained status on {@code coordinator/status}; its will says offline.
 *
 * @param fleet the fleet id
 * @param online false in the will message
 * @param timestampMillis when it was written
 * @param round the round in progress, 0 when none
 * @param modelVersion the newest global model version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CoordinatorStatus(
    @JsonProperty(required = true) String fleet,
    @JsonProperty(required = true) boolean online,
    @JsonProperty(required = true) long timestampMillis,
    @JsonProperty(required = true) long round,
    @JsonProperty(required = true) long modelVersion) {

  public CoordinatorStatus {
    Ids.require("fleet", fleet);
    Check.atLeast("timestampMillis", timestampMillis, 0);
    Check.atLeast("round", round, 0);
    Check.atLeast("modelVersion", modelVersion, 0);
  }
}
