package io.fleetlearn.coordinator.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;
import java.nio.charset.StandardCharsets;

/**
 * {@code openapi.yaml} three ways: as written (served at {@code /openapi.yaml}), as JSON (served at
 * {@code /openapi.json}), and as the contract the router is built from.
 *
 * <p>vertx-openapi 5.0 refuses a document whose <em>responses</em> use media types it cannot
 * validate (problem+json, event-stream, YAML, HTML). The server validates requests only, never
 * responses, so the router's copy drops those response media types; the document served keeps them,
 * because clients need to know them.
 *
 * @param yaml the document as written
 * @param json the same document as JSON
 * @param contract the contract the router is built from
 */
record OpenApiDocument(Buffer yaml, JsonObject json, OpenAPIContract contract) {

  /** Reads {@code resource} from the class path (or the file system) and parses it. */
  static Future<OpenApiDocument> load(Vertx vertx, String resource) {
    return vertx
        .fileSystem()
        .readFile(resource)
        .compose(
            yaml ->
                // The library's own YAML reader, so that both copies parse exactly alike.
                Utils.yamlStringToJson(yaml.toString(StandardCharsets.UTF_8))
                    .compose(
                        json ->
                            OpenAPIContract.from(vertx, routable(json))
                                .map(contract -> new OpenApiDocument(yaml, json, contract))));
  }

  private static JsonObject routable(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = copy.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op && op.containsKey("responses")) {
          op.getJsonObject("responses").forEach(r -> stripContent(r.getValue()));
        }
      }
    }
    JsonObject components = copy.getJsonObject("components", new JsonObject());
    components
        .getJsonObject("responses", new JsonObject())
        .forEach(r -> stripContent(r.getValue()));
    return copy;
  }

  private static void stripContent(Object response) {
    if (response instanceof JsonObject r && r.getValue("content") instanceof JsonObject content) {
      content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
      if (content.isEmpty()) {
        r.remove("content");
      }
    }
  }
}
