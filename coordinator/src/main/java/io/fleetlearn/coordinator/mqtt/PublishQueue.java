package io.fleetlearn.coordinator.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Keeps at most {@link #MAX_IN_FLIGHT} QoS 1 publishes outstanding and queues the rest. Paho fails
 * a publish at once ("Too many publishes in progress", 32202) when the broker's Receive Maximum is
 * reached — HiveMQ CE announces 10 — so opening a round for more devices than that would lose
 * tasks. Ten in flight suits both HiveMQ CE and Mosquitto.
 */
final class PublishQueue {
  static final int MAX_IN_FLIGHT = 10;
  static final int MAX_WAITING = 100_000;

  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  /** Runs {@code send} now or when a slot frees; the result is {@code send}'s. */
  Future<Void> submit(Supplier<Future<Void>> send) {
    Promise<Void> done = Promise.promise();
    Runnable start = () -> send.get().onComplete(ar -> release()).onComplete(done);
    boolean now;
    synchronized (this) {
      now = inFlight < MAX_IN_FLIGHT;
      if (now) {
        inFlight++;
      } else if (waiting.size() >= MAX_WAITING) {
        return Future.failedFuture(
            new MqttLinkException(
                MAX_WAITING + " publishes are waiting for the broker; publish refused", null));
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return done.future();
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  synchronized int waiting() {
    return waiting.size();
  }
}
