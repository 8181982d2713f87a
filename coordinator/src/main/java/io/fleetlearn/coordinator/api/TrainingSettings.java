package io.fleetlearn.coordinator.api;

import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.protocol.message.Messages;
import io.vertx.core.json.JsonObject;

/**
 * Turns a request body into a {@link TrainingRequest}: the fields sent are laid over a base (the
 * defaults for a new training, the current settings for a configured one), and the result goes
 * through the same strict reader as every control message, so an unknown field, a wrong type or a
 * value out of range is refused with a message naming the field.
 */
final class TrainingSettings {
  private final Messages messages = new Messages();

  /** The settings of a new training: {@code body} (which holds {@code name}) over the defaults. */
  TrainingRequest create(JsonObject body) {
    return overlay(TrainingRequest.defaults(body.getString("name")), body);
  }

  /** {@code body} over {@code base}; fields not sent keep their value. */
  TrainingRequest overlay(TrainingRequest base, JsonObject body) {
    JsonObject merged = new JsonObject(io.vertx.core.buffer.Buffer.buffer(messages.write(base)));
    body.forEach(e -> merged.put(e.getKey(), e.getValue()));
    return messages.read(merged.toBuffer().getBytes(), TrainingRequest.class);
  }
}
