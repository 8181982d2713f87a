package io.fleetlearn.coordinator.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each incoming message to the handlers whose filter matches, on the link's context, and
 * decides when the broker gets its PUBACK (the link runs Paho with manual acknowledgements).
 *
 * <ul>
 *   <li>A plain handler's message is acknowledged as soon as it is handed over.
 *   <li>An acknowledged handler's message is acknowledged when the handler's future completes, so
 *       an update cut short by a crash is delivered again.
 *   <li>A message no handler matches yet is held, not acknowledged: a resumed persistent session
 *       delivers what the broker queued (the updates sent while the coordinator was down) right
 *       after CONNACK, before the engine has registered its handlers again. Held messages (bounded)
 *       go to the first handler registered for a matching filter, in arrival order.
 * </ul>
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  static final int MAX_HELD_MESSAGES = 10_000;
  static final long MAX_HELD_BYTES = 64L << 20;

  /** A message with the action that acknowledges it to the broker. */
  record Delivery(InboundMessage message, Runnable ack) {}

  private record Handler(
      Consumer<InboundMessage> plain, Function<InboundMessage, Future<?>> acked) {}

  private final Context context;
  private final Map<String, Handler> handlers = new LinkedHashMap<>();
  private final ArrayDeque<Delivery> held = new ArrayDeque<>();
  private long heldBytes;
  private boolean warned;

  Dispatcher(Context context) {
    this.context = context;
  }

  /** Registers a plain handler and hands it the held messages its filter matches. */
  void register(String filter, Consumer<InboundMessage> handler) {
    add(filter, new Handler(handler, null));
  }

  /** Registers a handler whose future decides the acknowledgement (see {@link Dispatcher}). */
  void registerAcknowledged(String filter, Function<InboundMessage, Future<?>> handler) {
    add(filter, new Handler(null, handler));
  }

  private synchronized void add(String filter, Handler handler) {
    handlers.put(filter, handler);
    for (Iterator<Delivery> it = held.iterator(); it.hasNext(); ) {
      Delivery d = it.next();
      if (TopicFilter.matches(filter, d.message().topic())) {
        it.remove();
        heldBytes -= d.message().payload().length;
        hand(handler, d, true);
      }
    }
  }

  /** Called on Paho's thread for every message. */
  synchronized void dispatch(Delivery d) {
    boolean matched = false;
    boolean ackLater = false;
    for (Map.Entry<String, Handler> h : handlers.entrySet()) {
      if (TopicFilter.matches(h.getKey(), d.message().topic())) {
        matched = true;
        ackLater |= h.getValue().acked() != null;
        hand(h.getValue(), d, false);
      }
    }
    if (!matched) {
      hold(d);
    } else if (!ackLater) {
      d.ack().run();
    }
  }

  private void hand(Handler h, Delivery d, boolean ackPlain) {
    if (h.acked() != null) {
      context.runOnContext(
          v -> {
            Future<?> done;
            try {
              done = h.acked().apply(d.message());
            } catch (RuntimeException e) {
              LOG.warn("handler for {} failed: {}", d.message().topic(), e.toString());
              done = Future.failedFuture(e);
            }
            done.onComplete(x -> d.ack().run());
          });
    } else {
      context.runOnContext(v -> h.plain().accept(d.message()));
      if (ackPlain) {
        d.ack().run();
      }
    }
  }

  private void hold(Delivery d) {
    int size = d.message().payload().length;
    if (held.size() >= MAX_HELD_MESSAGES || heldBytes + size > MAX_HELD_BYTES) {
      if (!warned) {
        warned = true;
        LOG.warn(
            "{} messages ({} bytes) are waiting for a handler; acknowledging and dropping more,"
                + " e.g. one on {}",
            held.size(),
            heldBytes,
            d.message().topic());
      }
      d.ack().run();
      return;
    }
    held.add(d);
    heldBytes += size;
  }

  /** The registered filters and whether each is acknowledged, for subscribing again. */
  synchronized List<String> filters() {
    return new ArrayList<>(handlers.keySet());
  }

  synchronized int heldCount() {
    return held.size();
  }
}
