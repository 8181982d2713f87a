package io.fleetlearn.coordinator.engine;

import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every {@link FleetEvent} to the subscribed listeners, each on the context it subscribed
 * from. A listener with {@link #MAX_PENDING} events not yet delivered loses the next ones: a slow
 * event stream must never hold up a round or grow the heap.
 */
final class EventHub implements Consumer<FleetEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
  static final int MAX_PENDING = 1000;

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Vertx vertx;

  EventHub(Vertx vertx) {
    this.vertx = vertx;
  }

  AutoCloseable subscribe(Consumer<FleetEvent> listener) {
    Context ctx = vertx.getOrCreateContext();
    Subscriber s = new Subscriber(ctx, listener, new AtomicInteger(), new AtomicInteger());
    subscribers.add(s);
    return () -> subscribers.remove(s);
  }

  @Override
  public void accept(FleetEvent event) {
    for (Subscriber s : subscribers) {
      if (s.pending.incrementAndGet() > MAX_PENDING) {
        s.pending.decrementAndGet();
        if (s.dropped.getAndIncrement() == 0) {
          LOG.warn("an event listener is {} events behind; dropping events for it", MAX_PENDING);
        }
        continue;
      }
      s.context.runOnContext(
          v -> {
            s.pending.decrementAndGet();
            try {
              s.listener.accept(event);
            } catch (RuntimeException e) {
              LOG.warn("an event listener failed: {}", e.toString());
            }
          });
    }
  }

  private record Subscriber(
      Context context,
      Consumer<FleetEvent> listener,
      AtomicInteger pending,
      AtomicInteger dropped) {}
}
