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
 * Hands each incoming message to the handlers whose filter matches, on the link's context, then
 * lets its {@link Ack} go (unless a handler deferred it) — and holds the messages no handler
 * matches yet, unacknowledged. A resumed persistent session delivers what the broker queued (the
 * updates sent while the coordinator was down) right after CONNACK, before the engine has
 * registered its handlers again; acknowledging and dropping them there would lose updates the
 * broker had acknowledged to their devices. Held messages (bounded) go to the first handler
 * registered for a matching filter, in arrival order.
 *
 * <p>Public for {@link MqttLink} implementations outside this package (the simulator's in-process
 * link), which must keep the same hand-over and acknowledgement rules.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  static final int MAX_HELD_MESSAGES = 10_000;
  static final long MAX_HELD_BYTES = 64L << 20;

  private final Context context;
  private final Map<String, Consumer<InboundMessage>> handlers = new LinkedHashMap<>();
  private final ArrayDeque<InboundMessage> held = new ArrayDeque<>();
  private long heldBytes;
  private boolean warned;

  /** Dispatches on {@code context}, the link's. */
  public Dispatcher(Context context) {
    this.context = context;
  }

  /** Registers {@code handler} and hands it the held messages its filter matches. */
  public synchronized void register(String filter, Consumer<InboundMessage> handler) {
    handlers.put(filter, handler);
    for (Iterator<InboundMessage> it = held.iterator(); it.hasNext(); ) {
      InboundMessage m = it.next();
      if (TopicFilter.matches(filter, m.topic())) {
        it.remove();
        heldBytes -= m.payload().length;
        List<Consumer<InboundMessage>> one = List.of(handler);
        context.runOnContext(v -> run(one, m));
      }
    }
  }

  /** Called on the client library's thread for every message; never blocks. */
  public synchronized void dispatch(InboundMessage m) {
    List<Consumer<InboundMessage>> matching = new ArrayList<>();
    handlers.forEach(
        (filter, handler) -> {
          if (TopicFilter.matches(filter, m.topic())) {
            matching.add(handler);
          }
        });
    if (matching.isEmpty()) {
      hold(m);
    } else {
      context.runOnContext(v -> run(matching, m));
    }
  }

  private static void run(List<Consumer<InboundMessage>> handlers, InboundMessage m) {
    for (Consumer<InboundMessage> h : handlers) {
      try {
        h.accept(m);
      } catch (RuntimeException e) {
        LOG.error("a handler failed on a message of {}", m.topic(), e);
      }
    }
    m.ack().afterHandlers();
  }

  private void hold(InboundMessage m) {
    int size = m.payload().length;
    if (held.size() >= MAX_HELD_MESSAGES || heldBytes + size > MAX_HELD_BYTES) {
      if (!warned) {
        warned = true;
        LOG.warn(
            "{} messages ({} bytes) are waiting for a handler; acknowledging and dropping more,"
                + " e.g. one on {}",
            held.size(),
            heldBytes,
            m.topic());
      }
      m.ack().afterHandlers();
      return;
    }
    held.add(m);
    heldBytes += size;
  }

  /** The registered filters, for subscribing again after a reconnect. */
  public synchronized List<String> filters() {
    return new ArrayList<>(handlers.keySet());
  }

  /** Messages held for a handler not registered yet. */
  public synchronized int heldCount() {
    return held.size();
  }
}
