package io.fleetlearn.device.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a virtual clock: nothing runs until the test advances time, and every requested
 * delay is recorded. Only what {@link ReconnectSupervisor} uses is implemented.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq));
  private final List<Duration> delays = new ArrayList<>();
  private long now;
  private long seq;

  private final class Task implements ScheduledFuture<Object> {
    final long due;
    final long seq;
    final Runnable body;
    boolean cancelled;

    Task(long due, long seq, Runnable body) {
      this.due = due;
      this.seq = seq;
      this.body = body;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - now, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean interrupt) {
      cancelled = true;
      return queue.remove(this);
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled || !queue.contains(this);
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }

  /** Every delay passed to {@code schedule}, in order (executes count as zero). */
  List<Duration> delays() {
    return delays;
  }

  /** Runs every task due within {@code d} from now, in time order, then sets the clock forward. */
  void advance(Duration d) {
    long end = now + d.toNanos();
    while (!queue.isEmpty() && queue.peek().due <= end) {
      Task t = queue.poll();
      now = t.due;
      t.body.run();
    }
    now = end;
  }

  /** Runs what is due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    long nanos = unit.toNanos(delay);
    delays.add(Duration.ofNanos(nanos));
    Task t = new Task(now + nanos, seq++, command);
    queue.add(t);
    return t;
  }

  @Override
  public void execute(Runnable command) {
    queue.add(new Task(now, seq++, command));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable r, long i, long p, TimeUnit u) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable r, long i, long d, TimeUnit u) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }
}
