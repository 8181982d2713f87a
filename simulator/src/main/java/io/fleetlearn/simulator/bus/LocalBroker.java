package io.fleetlearn.simulator.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 5 broker's semantics inside the JVM, for fleets too large for one process's sockets:
 *
 * <ul>
 *   <li>QoS 1: a delivery stays unacknowledged until the receiver acks it; when its connection
 *       ends, every unacked delivery goes back to the front of the session's queue and is delivered
 *       again, marked duplicate, on the next connection (QoS 0 is delivered at most once).
 *   <li>Sessions: {@code cleanStart=false} resumes the session a client id left (session present),
 *       with its subscriptions and the QoS 1 messages queued while it was away (at most {@link
 *       #MAX_QUEUED}, newer ones are dropped as HiveMQ does by default), until its expiry passes. A
 *       second connection with the same client id takes the session over and ends the first.
 *   <li>Retained messages: the last retained message of a topic is sent to every new subscription
 *       matching it (also a repeated one); an empty retained payload clears it.
 *   <li>Message expiry: a message is not delivered, from a queue or the retained store, after its
 *       expiry.
 *   <li>Topic filters with {@code +} and {@code #} ({@code $} topics excluded from first-level
 *       wildcards); invalid filters are refused with 0x8F.
 *   <li>Wills: published when a connection ends without a clean disconnect (a takeover, {@link
 *       BusConnection#drop}); discarded on a clean one.
 *   <li>Maximum Packet Size: a publish over the broker's is refused with 0x95; a message over a
 *       client's is not delivered to it.
 *   <li>Topic rules: {@link Access} decides, 0x87 otherwise.
 * </ul>
 *
 * <p>Live deliveries carry retained=false (MQTT 5's default, retain-as-published off). Publishes
 * route under one lock, then each connection's deliveries run in order on a small shared pool (see
 * {@link Mailbox}), never on the publisher's thread. Not modelled: QoS 2, shared subscriptions,
 * will delay, keep-alive, receive maximum, topic aliases.
 */
public final class LocalBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalBroker.class);

  /** HiveMQ's default Maximum Packet Size (256 MiB plus headers). */
  public static final long DEFAULT_MAXIMUM_PACKET_SIZE = 268_435_460L;

  /** QoS 1 messages queued per offline session (HiveMQ's default queue size). */
  public static final int MAX_QUEUED = 1000;

  private final Access access;
  private final long maximumPacketSize;
  private final LongSupplier clockMillis;
  private final ExecutorService pool;
  private final Map<String, Session> sessions = new HashMap<>();
  private final RetainedStore retained = new RetainedStore();
  private final SubscriptionIndex subscriptions = new SubscriptionIndex();
  private boolean closed;

  /** A broker with these topic rules, HiveMQ's packet size limit and the system clock. */
  public LocalBroker(Access access) {
    this(access, DEFAULT_MAXIMUM_PACKET_SIZE, System::currentTimeMillis, 2);
  }

  /**
   * @param access the topic rules
   * @param maximumPacketSize the largest PUBLISH the broker takes, in bytes (0 for no limit)
   * @param clockMillis the time expiries are measured on
   * @param threads the delivery threads shared by every connection
   */
  public LocalBroker(Access access, long maximumPacketSize, LongSupplier clockMillis, int threads) {
    if (maximumPacketSize < 0) {
      throw new IllegalArgumentException(
          "maximumPacketSize (" + maximumPacketSize + ") must be >= 0");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads (" + threads + ") must be >= 1");
    }
    this.access = access;
    this.maximumPacketSize = maximumPacketSize;
    this.clockMillis = clockMillis;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "bus-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The broker's Maximum Packet Size (CONNACK), 0 for none. */
  public long maximumPacketSize() {
    return maximumPacketSize;
  }

  /**
   * Connects a client; the session's queued messages start going to {@code receiver} at once (a
   * client routes its handlers before it connects).
   *
   * @throws BusException when the broker is closed
   */
  public synchronized BusConnection connect(ConnectOptions options, Receiver receiver) {
    if (closed) {
      throw new BusException(BusException.SERVER_SHUTTING_DOWN, "the bus is closed");
    }
    long now = clockMillis.getAsLong();
    Session s = sessions.get(options.clientId());
    if (s != null && s.connection != null) {
      end(
          s.connection,
          true,
          Optional.of(
              new BusException(
                  BusException.SESSION_TAKEN_OVER,
                  "another connection took over " + options.clientId())));
      // Ending it may have ended a session without expiry.
      s = sessions.get(options.clientId());
    }
    if (s != null && (options.cleanStart() || s.expired(now))) {
      remove(s);
      s = null;
    }
    boolean present = s != null;
    if (s == null) {
      s = new Session(options.clientId());
      sessions.put(options.clientId(), s);
    }
    s.expirySeconds = options.sessionExpirySeconds();
    s.warnedFull = false;
    BusConnection c = new BusConnection(this, s, options, receiver, new Mailbox(pool), present);
    s.connection = c;
    while (!s.pending.isEmpty()) {
      send(c, s.pending.poll(), now);
    }
    return c;
  }

  synchronized void publish(BusConnection c, BusMessage m) {
    String op = "publish to " + m.topic();
    requireOpen(c, op);
    if (maximumPacketSize > 0 && m.packetSize() > maximumPacketSize) {
      throw new BusException(
          BusException.PACKET_TOO_LARGE,
          op
              + ": a PUBLISH of "
              + m.packetSize()
              + " bytes is over the broker's Maximum Packet Size of "
              + maximumPacketSize);
    }
    if (!access.mayPublish(c.options.principal(), m.topic())) {
      throw new BusException(
          BusException.NOT_AUTHORIZED, op + ": not authorized for " + c.options.principal());
    }
    route(m);
  }

  synchronized void subscribe(BusConnection c, String filter, int qos) {
    String op = "subscribe to " + filter;
    requireOpen(c, op);
    if (!TopicNames.validFilter(filter)) {
      throw new BusException(BusException.TOPIC_FILTER_INVALID, op + ": invalid topic filter");
    }
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("qos (" + qos + ") must be 0 or 1");
    }
    if (!access.maySubscribe(c.options.principal(), filter)) {
      throw new BusException(
          BusException.NOT_AUTHORIZED, op + ": not authorized for " + c.options.principal());
    }
    subscriptions.add(c.session, filter, qos);
    long now = clockMillis.getAsLong();
    for (RetainedStore.Retained r : retained.matching(filter, now)) {
      sendRetained(c, r, qos, now);
    }
  }

  synchronized void acked(BusConnection c, long id) {
    c.acked(id);
  }

  /** Ends {@code c}: unacked deliveries back into its session, the will if unclean. */
  synchronized void end(BusConnection c, boolean unclean, Optional<BusException> tell) {
    if (!c.isOpen()) {
      return;
    }
    List<Session.Queued> unacked = c.closeAndTakeUnacked();
    Session s = c.session;
    if (s.connection == c) {
      s.connection = null;
      s.disconnectedAtMillis = clockMillis.getAsLong();
      if (s.expirySeconds == 0) {
        remove(s);
      } else {
        for (int i = unacked.size() - 1; i >= 0; i--) {
          s.pending.addFirst(unacked.get(i).asDuplicate());
        }
      }
    }
    if (unclean) {
      c.options.will().ifPresent(this::route);
    }
    tell.ifPresent(e -> c.mailbox.post(() -> c.receiver.lost(e)));
  }

  /** Ends every connection (their receivers are told) and stops the delivery threads. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (Session s : List.copyOf(sessions.values())) {
        if (s.connection != null) {
          end(
              s.connection,
              false,
              Optional.of(
                  new BusException(BusException.SERVER_SHUTTING_DOWN, "the bus is closing")));
        }
      }
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Sessions held now, connected or not (for tests and figures). */
  public synchronized int sessionCount() {
    return sessions.size();
  }

  private void route(BusMessage m) {
    long now = clockMillis.getAsLong();
    long expiresAt = m.expirySeconds() > 0 ? now + m.expirySeconds() * 1000L : Long.MAX_VALUE;
    if (m.retained()) {
      retained.put(m, expiresAt);
    }
    // One delivery per session, at the highest QoS of its matching subscriptions.
    Map<Session, Integer> targets = subscriptions.targets(m.topic());
    List<Session> gone = new ArrayList<>();
    targets.forEach(
        (s, subQos) -> {
          Session.Queued q =
              new Session.Queued(
                  m.topic(), m.payload(), Math.min(m.qos(), subQos), false, expiresAt, false);
          if (s.connection != null) {
            send(s.connection, q, now);
          } else if (s.expired(now)) {
            gone.add(s);
          } else if (q.qos() > 0) {
            queue(s, q);
          }
        });
    gone.forEach(this::remove);
  }

  private void queue(Session s, Session.Queued q) {
    if (s.pending.size() >= MAX_QUEUED) {
      if (!s.warnedFull) {
        s.warnedFull = true;
        LOG.warn(
            "{} messages wait for offline client {}; dropping newer ones, e.g. on {}",
            MAX_QUEUED,
            s.clientId,
            q.topic());
      }
      return;
    }
    s.pending.add(q);
  }

  private void sendRetained(BusConnection c, RetainedStore.Retained r, int subQos, long now) {
    BusMessage m = r.message();
    send(
        c,
        new Session.Queued(
            m.topic(), m.payload(), Math.min(m.qos(), subQos), true, r.expiresAtMillis(), false),
        now);
  }

  private void send(BusConnection c, Session.Queued q, long now) {
    if (q.expiresAtMillis() <= now) {
      return;
    }
    long limit = c.options.maximumPacketSize();
    if (limit > 0
        && BusMessage.packetSize(
                q.topic(), q.payload().length, q.qos(), q.expiresAtMillis() < Long.MAX_VALUE)
            > limit) {
      // MQTT 5 (3.1.2.25): a packet over the client's maximum is discarded as if delivered.
      LOG.debug(
          "{} bytes on {} are over {}'s maximum; not delivered", q.payload().length, q.topic(), c);
      return;
    }
    long id = q.qos() > 0 ? c.track(q) : 0;
    c.mailbox.post(() -> c.deliver(q, id));
  }

  private void remove(Session s) {
    sessions.remove(s.clientId, s);
    subscriptions.remove(s);
  }

  private static void requireOpen(BusConnection c, String op) {
    if (!c.isOpen()) {
      throw new BusException(BusException.NOT_CONNECTED, op + ": not connected");
    }
  }
}
