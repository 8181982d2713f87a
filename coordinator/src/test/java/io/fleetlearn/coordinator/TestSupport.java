package io.fleetlearn.coordinator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Shared set-up of the coordinator tests. */
public final class TestSupport {
  static final String FLEET = "test";
  static final String COORDINATOR_PASSWORD = "coordinator-secret";
  static final String DEVICE_PASSWORD = "device-secret";

  private TestSupport() {}

  /** A configuration with the embedded broker on a free port and authentication on. */
  static JsonObject config(Path dataDir, int mqttPort) {
    return new JsonObject()
        .put("CONFIG_FILE", dataDir.resolve("no-such-config.json").toString())
        .put("HTTP_PORT", 0)
        .put("HTTP_BODY_LIMIT", 1024)
        .put("DATA_DIR", dataDir.toString())
        .put("FLEET", FLEET)
        .put("MQTT_PORT", mqttPort)
        .put("MQTT_BIND_ADDRESS", "127.0.0.1")
        .put("MQTT_PASSWORD", COORDINATOR_PASSWORD)
        .put("DEVICE_PASSWORD", DEVICE_PASSWORD)
        .put("DEVICE_CREDENTIALS", "d-special:special-secret")
        .put("API_TOKEN", "token");
  }

  /**
   * Waits for {@code f} (at most 30 s) and returns its result: test code blocks, Vert.x does not.
   */
  public static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A connected MQTT 5 client; {@code user} null connects anonymously. */
  static MqttClient mqtt(int port, String clientId, String user, String password)
      throws MqttException {
    MqttClient client =
        new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setConnectionTimeout(5);
    if (user != null) {
      options.setUserName(user);
      options.setPassword(password.getBytes());
    }
    client.connect(options);
    return client;
  }

  /** GETs or POSTs {@code path} and yields the response's status, content type and body. */
  public static Future<Response> http(
      Vertx vertx, int port, HttpMethod method, String path, Buffer body) {
    HttpClient client = vertx.createHttpClient();
    return client
        .request(method, port, "127.0.0.1", path)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(
            resp ->
                resp.body()
                    .map(
                        b ->
                            new Response(
                                resp.statusCode(), resp.getHeader("content-type"), b.toString())))
        .andThen(x -> client.close());
  }

  /** What {@link #http} read. */
  public record Response(int status, String contentType, String body) {
    /** The body as JSON. */
    public JsonObject json() {
      return new JsonObject(body);
    }
  }
}
