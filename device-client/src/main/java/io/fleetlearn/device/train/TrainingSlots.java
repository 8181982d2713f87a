package io.fleetlearn.device.train;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many local trainings of one JVM may run at the same time (the simulator's virtual devices
 * share a process). Trainers built with the same slots take a permit for a whole round, so at most
 * {@link #permits()} rounds run in parallel and the rest wait: higher {@linkplain #withPriority
 * priority} first, then in arrival order. Trainers built without slots take turns per step on DJL's
 * process-wide gradient collector instead.
 *
 * <p>Why priorities: in a simulation the queue itself is an artifact (each real device has its own
 * CPU), and an emulated slow device sleeps its compute stretch only after it has trained. Serving
 * the slowest devices first lets their stretch overlap the others' training, so a round takes about
 * as long as its slowest device would, not the queue plus that device.
 */
public final class TrainingSlots {
  private final Pool pool;
  private final int priority;

  private TrainingSlots(Pool pool, int priority) {
    this.pool = pool;
    this.priority = priority;
  }

  /**
   * Slots for {@code permits} concurrent rounds, at least 1, at priority 0. One intra-op thread per
   * round is the device default, so the number of cores is the useful upper bound.
   */
  public static TrainingSlots of(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits (" + permits + ") must be >= 1");
    }
    return new TrainingSlots(new Pool(permits), 0);
  }

  /** The same slots, waited for at {@code priority}: a higher one is served first. */
  public TrainingSlots withPriority(int priority) {
    return new TrainingSlots(pool, priority);
  }

  /** The most rounds that run at once. */
  public int permits() {
    return pool.permits;
  }

  /** This view's priority. */
  public int priority() {
    return priority;
  }

  /** Waits for a slot; the returned permit frees it when closed. */
  Permit acquire() {
    pool.acquire(priority);
    return pool::release;
  }

  /** A held slot. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** Counting slots with a priority queue of waiters; shared by every view of one {@code of}. */
  private static final class Pool {
    private static final Comparator<Waiter> ORDER =
        Comparator.comparingInt(Waiter::priority).reversed().thenComparingLong(Waiter::arrival);

    private final int permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(ORDER);
    private int free;
    private long arrivals;

    Pool(int permits) {
      this.permits = permits;
      this.free = permits;
    }

    void acquire(int priority) {
      lock.lock();
      try {
        Waiter me = new Waiter(priority, arrivals++);
        waiting.add(me);
        while (free == 0 || waiting.peek() != me) {
          changed.awaitUninterruptibly();
        }
        waiting.poll();
        free--;
        if (free > 0) {
          // The next in line may take the slot that is still free.
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }

    void release() {
      lock.lock();
      try {
        free++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private record Waiter(int priority, long arrival) {}
}
