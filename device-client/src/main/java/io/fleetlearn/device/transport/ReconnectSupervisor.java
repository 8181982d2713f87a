package io.fleetlearn.device.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link Transport} connected: connects, and after a failed attempt or a lost connection
 * tries again after a {@link Backoff} delay that grows with each consecutive failure and is reset
 * once a connection stayed up for {@code stableAfter}. When the broker did not keep our session
 * (CONNACK without session-present) it subscribes again. All its work runs on the scheduler it is
 * given, one instance per client, nothing static.
 *
 * <p>Subscriptions and listeners are declared before {@link #start()}.
 */
public final class ReconnectSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectSupervisor.class);

  /**
   * What the device reports in its status.
   *
   * @param connected whether the transport is connected now
   * @param attempts consecutive failed attempts or unstable connections since the last stable one
   * @param lastError the last failure, if any
   */
  public record State(boolean connected, int attempts, Optional<TransportException> lastError) {}

  private record Subscription(String filter, int qos, MessageHandler handler) {}

  private final Transport transport;
  private final OutgoingMessage will;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff;
  private final Duration stableAfter;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final List<Runnable> connectedListeners = new ArrayList<>();

  private boolean started;
  private boolean closed;
  private boolean connected;
  private boolean subscribed;
  private long generation;
  private int attempts;
  private TransportException lastError;
  private ScheduledFuture<?> pending;

  /**
   * @param transport the transport to keep connected
   * @param will the will message sent with every connect
   * @param scheduler runs every attempt, check and listener (not shut down by {@link #close()})
   * @param backoff the delays between attempts
   * @param stableAfter how long a connection must last before the back-off starts over
   */
  public ReconnectSupervisor(
      Transport transport,
      OutgoingMessage will,
      ScheduledExecutorService scheduler,
      Backoff backoff,
      Duration stableAfter) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.will = Objects.requireNonNull(will, "will");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.stableAfter = Objects.requireNonNull(stableAfter, "stableAfter");
  }

  /** Declares a subscription, made after every connect that found no session. */
  public synchronized void subscribe(String topicFilter, int qos, MessageHandler handler) {
    requireNotStarted();
    subscriptions.add(new Subscription(topicFilter, qos, handler));
  }

  /**
   * Adds a listener run on the scheduler after every successful connect and subscribe (e.g. to
   * flush the {@link Outbox}); it may block on publishes.
   */
  public synchronized void onConnected(Runnable listener) {
    requireNotStarted();
    connectedListeners.add(listener);
  }

  /** Starts connecting, at once. */
  public synchronized void start() {
    requireNotStarted();
    started = true;
    pending = scheduler.schedule(this::attempt, 0, TimeUnit.NANOSECONDS);
  }

  /** The current state, for the device's status. */
  public synchronized State state() {
    return new State(connected, attempts, Optional.ofNullable(lastError));
  }

  /** Stops reconnecting and closes the transport cleanly (no will). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      connected = false;
      if (pending != null) {
        pending.cancel(false);
      }
    }
    transport.close();
  }

  private void attempt() {
    long gen;
    boolean needConnect;
    synchronized (this) {
      if (closed) {
        return;
      }
      needConnect = !connected;
      gen = needConnect ? ++generation : generation;
    }
    try {
      if (needConnect) {
        // Routes first: a kept session's queued messages arrive right after CONNACK.
        subscriptions.forEach(s -> transport.route(s.filter(), s.handler()));
        boolean sessionPresent =
            transport.connect(will, e -> scheduler.execute(() -> lost(gen, e)));
        synchronized (this) {
          connected = true;
          subscribed = sessionPresent;
        }
        scheduler.schedule(() -> stable(gen), stableAfter.toNanos(), TimeUnit.NANOSECONDS);
      }
      if (!subscribed) {
        for (Subscription s : subscriptions) {
          transport.subscribe(s.filter(), s.qos(), s.handler());
        }
        synchronized (this) {
          subscribed = true;
        }
      }
    } catch (TransportException e) {
      retryLater(gen, e);
      return;
    }
    LOG.info("connected (generation {})", gen);
    for (Runnable listener : connectedListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.error("connected-listener failed", e);
      }
    }
  }

  private synchronized void lost(long gen, TransportException e) {
    if (gen != generation || !connected) {
      return; // A stale callback of an older connection.
    }
    connected = false;
    retryLater(gen, e);
  }

  private synchronized void stable(long gen) {
    if (gen == generation && connected && attempts > 0) {
      LOG.info("connection stable for {}, back-off starts over", stableAfter);
      attempts = 0;
    }
  }

  private synchronized void retryLater(long gen, TransportException e) {
    if (closed || gen != generation) {
      return;
    }
    lastError = e;
    Duration delay = backoff.delay(attempts);
    attempts = attempts == Integer.MAX_VALUE ? attempts : attempts + 1;
    LOG.warn("MQTT {}; retry {} in {} ms", e.reason(), attempts, delay.toMillis());
    if (pending != null) {
      pending.cancel(false); // At most one attempt is ever waiting.
    }
    pending = scheduler.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void requireNotStarted() {
    if (started) {
      throw new IllegalStateException("declare subscriptions and listeners before start()");
    }
  }
}
