package io.fleetlearn.coordinator.http;

import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem detail, the one error shape of the REST API.
 *
 * @param status the HTTP status
 * @param title a short summary of the problem type
 * @param detail what happened this time, for a human
 * @param extensions extra members (such as which checks failed)
 */
public record Problem(int status, String title, String detail, JsonObject extensions) {
  /** The media type of a problem detail. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** A problem without extension members. */
  public static Problem of(int status, String title, String detail) {
    return new Problem(status, title, detail, new JsonObject());
  }

  /** The JSON body; {@code type} is {@code about:blank}, so the title is the status phrase. */
  public JsonObject toJson() {
    return extensions
        .copy()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
  }
}
