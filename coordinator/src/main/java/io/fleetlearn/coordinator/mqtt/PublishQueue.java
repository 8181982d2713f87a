package io.fleetlearn.coordinator.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Keeps at most {@link #MAX_IN_FLIGHT} publishes in flight and queues the rest, on one context:
 * Paho refuses a publish beyond the broker's Receive Maximum ("too many publishes in progress";
 * HiveMQ's default is 10), and a round sends one task per device at once.
 */
final class PublishQueue {
  static final int MAX_IN_FLIGHT = 8;

  private final Context context;
  // Touched on the context only.
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  PublishQueue(Context context) {
    this.context = context;
  }

  /** Starts {@code publish} when a slot is free; completes as the publish does. */
  Future<Void> submit(Supplier<Future<Void>> publish) {
    Promise<Void> done = Promise.promise();
    Runnable send =
        () ->
            publish
                .get()
                .onComplete(
                    ar -> {
                      inFlight--;
                      drain();
                      done.handle(ar);
                    });
    context.runOnContext(
        v -> {
          waiting.add(send);
          drain();
        });
    return done.future();
  }

  private void drain() {
    while (inFlight < MAX_IN_FLIGHT && !waiting.isEmpty()) {
      inFlight++;
      waiting.poll().run();
    }
  }
}
