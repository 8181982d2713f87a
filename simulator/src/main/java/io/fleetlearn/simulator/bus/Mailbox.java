package io.fleetlearn.simulator.bus;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's deliveries one after another, in order, on a pool shared by all
 * connections: a connection costs a queue, not a thread. A drain runs a bounded batch and then
 * yields the pool thread, so one busy connection does not starve the others.
 */
final class Mailbox {
  private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
  private static final int BATCH = 64;

  private final Executor pool;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  Mailbox(Executor pool) {
    this.pool = pool;
  }

  void post(Runnable task) {
    queue.add(task);
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        pool.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // The bus is closed: what was not delivered is not delivered, as on a dead socket.
        queue.clear();
      }
    }
  }

  private void drain() {
    for (int i = 0; i < BATCH; i++) {
      Runnable task = queue.poll();
      if (task == null) {
        break;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        // A receiver's bug must not stop the other connections' deliveries.
        LOG.error("a bus receiver failed", e);
      }
    }
    scheduled.set(false);
    if (!queue.isEmpty()) {
      schedule();
    }
  }
}
