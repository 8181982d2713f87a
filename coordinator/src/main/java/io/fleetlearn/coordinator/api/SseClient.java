package io.fleetlearn.coordinator.api;

import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * One event-stream client. Its buffer is the response's write queue, capped at {@code
 * maxQueuedBytes}: when an event finds the queue full, the client is not keeping up, and it is
 * disconnected instead of queued for without bound (it reconnects and reloads the views; the rounds
 * never wait for it).
 */
final class SseClient {
  private final HttpServerResponse response;
  private final Runnable onDrop;
  private long nextId = 1;
  private boolean closed;

  SseClient(HttpServerResponse response, int maxQueuedBytes, Runnable onDrop) {
    this.response = response;
    this.onDrop = onDrop;
    response
        .setChunked(true)
        .setWriteQueueMaxSize(maxQueuedBytes)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        // A reverse proxy that buffers would hold the events back.
        .putHeader("X-Accel-Buffering", "no");
    // Tells the browser how soon to reconnect after a drop.
    write(Buffer.buffer("retry: 3000\n\n"));
  }

  /** Sends one event, or drops this client if its queue is full. */
  void send(FleetEvent event) {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      drop();
      return;
    }
    Buffer json = Replies.encode(event.data());
    Buffer frame =
        Buffer.buffer(json.length() + 64)
            .appendString("id: " + nextId++ + "\n")
            .appendString("event: " + event.type().wire() + "\n")
            .appendString("data: ")
            // Compact JSON has no line breaks, so one data line holds it.
            .appendBuffer(json)
            .appendString("\n\n");
    write(frame);
  }

  /** A comment line, so that proxies and browsers see the connection is alive. */
  void heartbeat() {
    if (!closed && !response.writeQueueFull()) {
      write(Buffer.buffer(": heartbeat\n\n", StandardCharsets.UTF_8.name()));
    }
  }

  /** Marks the client gone (the connection closed); later events are ignored. */
  void closed() {
    closed = true;
  }

  private void drop() {
    closed = true;
    onDrop.run();
    response.reset();
  }

  private void write(Buffer b) {
    response.write(b);
  }
}
