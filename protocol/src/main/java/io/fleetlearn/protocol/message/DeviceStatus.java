package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fleetlearn.protocol.topic.Ids;

/**
 * A device's retained status on {@code device/{id}/status}. The will message is the same record
 * with state {@code offline} and no resources.
 *
 * @param deviceId must equal the id in the topic it came on
 * @param state online, busy or offline
 * @param timestampMillis when the device wrote it (epoch milliseconds)
 * @param clientVersion the client's version, for the registry
 * @param modelVersion the newest global model version the device holds, -1 for none
 * @param resources what the device has; null when offline
 * @param decline the last task declined, if any
 * @param evaluation the result of the last evaluation task, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceStatus(
    @JsonProperty(required = true) String deviceId,
    @JsonProperty(required = true) DeviceState state,
    @JsonProperty(required = true) long timestampMillis,
    @JsonProperty(required = true) String clientVersion,
    @JsonProperty(required = true) long modelVersion,
    Resources resources,
    Decline decline,
    EvaluationReport evaluation) {

  public DeviceStatus {
    Ids.require("deviceId", deviceId);
    Check.present("state", state);
    Check.atLeast("timestampMillis", timestampMillis, 0);
    Check.text("clientVersion", clientVersion, 64);
    Check.atLeast("modelVersion", modelVersion, -1);
    if (state != DeviceState.OFFLINE && resources == null) {
      throw new IllegalArgumentException("resources is missing; required unless state is offline");
    }
  }

  /** A status without an evaluation report. */
  public DeviceStatus(
      String deviceId,
      DeviceState state,
      long timestampMillis,
      String clientVersion,
      long modelVersion,
      Resources resources,
      Decline decline) {
    this(deviceId, state, timestampMillis, clientVersion, modelVersion, resources, decline, null);
  }

  /** The will message a device registers when it connects ({@code timestampMillis}: now). */
  public static DeviceStatus offline(
      String deviceId, long timestampMillis, String clientVersion, long modelVersion) {
    return new DeviceStatus(
        deviceId,
        DeviceState.OFFLINE,
        timestampMillis,
        clientVersion,
        modelVersion,
        null,
        null,
        null);
  }
}
