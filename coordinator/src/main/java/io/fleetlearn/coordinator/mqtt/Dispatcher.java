package io.fleetlearn.coordinator.mqtt;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each incoming message to every handler whose filter matches, on the link's context, and
 * holds the messages no handler matches yet. A resumed persistent session delivers what the broker
 * queued (the updates sent while the coordinator was down) right after CONNACK, before the engine
 * has registered its handlers again; Paho acknowledges a message as soon as its callback returns,
 * so dropping it there would lose an update the broker had acknowledged to its device. Held
 * messages (bounded) go to the first handler registered for a matching filter, in arrival order.
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  static final int MAX_HELD_MESSAGES = 10_000;
  static final long MAX_HELD_BYTES = 64L << 20;

  private final Context context;
  private final Map<String, Consumer<InboundMessage>> handlers = new LinkedHashMap<>();
  private final ArrayDeque<InboundMessage> held = new ArrayDeque<>();
  private long heldBytes;
  private boolean warned;

  Dispatcher(Context context) {
    this.context = context;
  }

  /** Registers {@code handler} and hands it the held messages its filter matches. */
  synchronized void register(String filter, Consumer<InboundMessage> handler) {
    handlers.put(filter, handler);
    for (Iterator<InboundMessage> it = held.iterator(); it.hasNext(); ) {
      InboundMessage m = it.next();
      if (TopicFilter.matches(filter, m.topic())) {
        it.remove();
        heldBytes -= m.payload().length;
        context.runOnContext(v -> handler.accept(m));
      }
    }
  }

  /** Called on Paho's thread for every message. */
  synchronized void dispatch(InboundMessage m) {
    boolean matched = false;
    for (Map.Entry<String, Consumer<InboundMessage>> h : handlers.entrySet()) {
      if (TopicFilter.matches(h.getKey(), m.topic())) {
        matched = true;
        Consumer<InboundMessage> handler = h.getValue();
        context.runOnContext(v -> handler.accept(m));
      }
    }
    if (!matched) {
      hold(m);
    }
  }

  private void hold(InboundMessage m) {
    if (held.size() >= MAX_HELD_MESSAGES || heldBytes + m.payload().length > MAX_HELD_BYTES) {
      if (!warned) {
        warned = true;
        LOG.warn(
            "{} messages ({} bytes) are waiting for a handler; dropping more, e.g. one on {}",
            held.size(),
            heldBytes,
            m.topic());
      }
      return;
    }
    held.add(m);
    heldBytes += m.payload().length;
  }

  /** The registered filters, for subscribing again after a reconnect. */
  synchronized List<String> filters() {
    return new ArrayList<>(handlers.keySet());
  }

  synchronized int heldCount() {
    return held.size();
  }
}
