package io.fleetlearn.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One event-stream client over a real HTTP server and a real TCP client: frames, heartbeats, and
 * what happens to a client that stops reading.
 */
class SseClientTest {
  private static final int QUEUE_BYTES = 64 * 1024;
  private Vertx vertx;
  private HttpServer server;
  private final AtomicReference<SseClient> client = new AtomicReference<>();
  private final AtomicInteger drops = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    client.set(new SseClient(req.response(), QUEUE_BYTES, drops::incrementAndGet)))
            .listen(0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void send_writesNumberedEventFrames_andHeartbeatWritesAComment() throws Exception {
    // Arrange
    // Appended on an event loop, read by the test thread.
    StringBuffer received = new StringBuffer();
    NetSocket socket = connect(new NetClientOptions(), b -> received.append(b.toString()));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.get() != null);

    // Act
    vertx.runOnContext(
        v -> {
          client.get().send(event("a"));
          client.get().heartbeat();
          client.get().send(event("b"));
        });

    // Assert
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(received.toString())
                    .contains("text/event-stream")
                    .contains("retry: 3000\n\n")
                    .contains("id: 1\nevent: update\ndata: {\"trainingId\":\"a\"")
                    .contains(": heartbeat\n\n")
                    .contains("id: 2\nevent: update\ndata: {\"trainingId\":\"b\""));
  }

  @Test
  void send_dropsAClientThatStopsReading_insteadOfQueueingWithoutBound() throws Exception {
    // Arrange: a client that reads nothing, with a small receive window.
    AtomicBoolean closed = new AtomicBoolean();
    NetSocket socket = connect(new NetClientOptions().setReceiveBufferSize(4096), null);
    socket.closeHandler(v -> closed.set(true));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.get() != null);
    AtomicInteger sent = new AtomicInteger();
    String padding = "x".repeat(4000);

    // Act: 4 KB events until the client is dropped (at most 50 MB, far past any socket buffer).
    vertx.setPeriodic(
        1,
        id -> {
          for (int i = 0; i < 50 && drops.get() == 0 && sent.get() < 12_500; i++) {
            client.get().send(event(padding));
            sent.incrementAndGet();
          }
          if (drops.get() > 0 || sent.get() >= 12_500) {
            vertx.cancelTimer(id);
          }
        });

    // Assert
    await().atMost(Duration.ofSeconds(30)).until(() -> drops.get() == 1 || sent.get() >= 12_500);
    assertThat(drops.get()).isEqualTo(1);
    assertThat(sent.get()).isLessThan(12_500);
    socket.resume();
    await().atMost(Duration.ofSeconds(10)).untilTrue(closed);
    int afterDrop = sent.get();
    vertx.runOnContext(v -> client.get().send(event("late")));
    assertThat(drops.get()).isEqualTo(1);
    assertThat(afterDrop).isPositive();
  }

  /**
   * Opens the stream with a raw request. {@code handler} (or, if null, a pause) is in place before
   * the request goes: the response headers can arrive before this method returns.
   */
  private NetSocket connect(NetClientOptions options, Handler<Buffer> handler) throws Exception {
    NetClient net = vertx.createNetClient(options);
    NetSocket socket =
        net.connect(server.actualPort(), "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    if (handler == null) {
      socket.pause();
    } else {
      socket.handler(handler);
    }
    socket.write("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
    return socket;
  }

  private static FleetEvent event(String trainingId) {
    return new FleetEvent(
        FleetEvent.Type.UPDATE,
        System.currentTimeMillis(),
        new FleetEvent.UpdateEvent(trainingId, 1, "d-1", true, null, 100));
  }
}
