package io.fleetlearn.coordinator;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** A blocking HTTP client for API tests: one request, its status, headers and body. */
final class ApiClient implements AutoCloseable {
  static final String TOKEN = "token";

  private final HttpClient client;
  private final int port;

  ApiClient(Vertx vertx, int port) {
    // A fresh connection per request: a pooled keep-alive connection left idle through a long
    // browser test once swallowed the next request (seen once in CI; the server kept serving the
    // browser), and the tests are about the API, not about connection reuse.
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    this.port = port;
  }

  Reply get(String path) throws Exception {
    return send(HttpMethod.GET, path, null, null, null);
  }

  /** POSTs or PUTs JSON with the test token. */
  Reply send(HttpMethod method, String path, Object json) throws Exception {
    return send(method, path, json == null ? null : json.toString(), "application/json", TOKEN);
  }

  Reply send(HttpMethod method, String path, String body, String contentType, String token)
      throws Exception {
    RequestOptions options =
        new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
    if (contentType != null) {
      options.putHeader("Content-Type", contentType);
    }
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    return client
        .request(options)
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b)))
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    client.close();
  }

  /** What came back. */
  record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }

    JsonArray array() {
      return body.toJsonArray();
    }

    String header(String name) {
      return headers.get(name);
    }

    String detail() {
      return json().getString("detail");
    }
  }
}
