package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a device is doing, as its status says. */
public enum DeviceState {
  /** Connected and ready for a task. */
  @JsonProperty("online")
  ONLINE,
  /** Training or evaluating a task. */
  @JsonProperty("busy")
  BUSY,
  /** Gone: set by the device's MQTT will, or by a clean shutdown. */
  @JsonProperty("offline")
  OFFLINE
}
