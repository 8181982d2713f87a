package io.fleetlearn.simulator.device;

import io.fleetlearn.simulator.fleet.Trace;
import io.fleetlearn.simulator.fleet.TraceEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a {@link Trace} against virtual devices: event {@code i} is applied {@code seconds /
 * speed} after {@link #start}. One scheduler thread walks the events in file order and hands each
 * to its device; a device's events run one after another on a small pool (taking a client off the
 * network or starting it blocks for a moment), different devices' in parallel. An event whose
 * device is still busy with the one before runs late rather than out of order.
 */
public final class TraceReplay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TraceReplay.class);
  private static final int WORKERS = 4;

  private final List<TraceEvent> events;
  private final double speed;
  private final Map<String, VirtualDevice> devices;
  private final ScheduledExecutorService clock;
  private final ExecutorService work;
  private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
  private long originNanos;
  private int next;
  private ScheduledFuture<?> pending;
  private boolean closed;

  /**
   * @param speed how many trace seconds pass per second of the run, in (0, 1000000]
   * @param devices the fleet's devices by id; every device the trace names must be here
   */
  public TraceReplay(Trace trace, double speed, Map<String, VirtualDevice> devices) {
    if (!(speed > 0 && speed <= 1_000_000)) {
      throw new IllegalArgumentException("--trace-speed (" + speed + ") must be in (0, 1000000]");
    }
    for (TraceEvent e : trace.events()) {
      if (!devices.containsKey(e.device())) {
        throw new IllegalArgumentException(
            "the trace names " + e.device() + ", which is not a device of this fleet");
      }
    }
    this.events = trace.events();
    this.speed = speed;
    this.devices = Map.copyOf(devices);
    this.clock = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sim-trace"));
    this.work = Executors.newFixedThreadPool(WORKERS, r -> daemon(r, "sim-trace-apply"));
  }

  /** Time 0 of the trace is now. */
  public synchronized void start() {
    originNanos = System.nanoTime();
    schedule();
  }

  /** Events handed to their devices so far. */
  public synchronized int dispatched() {
    return next;
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    while (next < events.size() && dueNanos(events.get(next)) <= now) {
      dispatch(events.get(next++));
    }
    schedule();
  }

  private void schedule() {
    if (next < events.size() && !closed) {
      long delay = Math.max(0, dueNanos(events.get(next)) - System.nanoTime());
      pending = clock.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
    }
  }

  private long dueNanos(TraceEvent e) {
    return originNanos + (long) (e.seconds() / speed * 1e9);
  }

  private void dispatch(TraceEvent e) {
    VirtualDevice d = Objects.requireNonNull(devices.get(e.device()));
    CompletableFuture<Void> tail =
        tails.getOrDefault(e.device(), CompletableFuture.completedFuture(null));
    tails.put(e.device(), tail.thenRunAsync(() -> apply(d, e), work));
  }

  private static void apply(VirtualDevice d, TraceEvent e) {
    try {
      LOG.debug("trace: {}", e.csv());
      d.apply(e);
    } catch (Exception x) {
      // One event that could not be applied (a client that did not start) must not stop the rest.
      LOG.warn("trace event '{}' failed: {}", e.csv(), x.toString());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (pending != null) {
      pending.cancel(false);
    }
    clock.shutdownNow();
    work.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
