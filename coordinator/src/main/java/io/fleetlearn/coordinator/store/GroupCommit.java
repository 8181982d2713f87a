package io.fleetlearn.coordinator.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * SYNC writes for one event loop, grouped: batches submitted while a write is in flight go out
 * together in the next one, so many receipts share one fsync (a group commit) and each caller's
 * future completes when its own batch is durable. Event-loop only.
 */
public final class GroupCommit {
  private final AsyncStore store;
  private Batch pending;
  private List<Promise<Void>> waiters = new ArrayList<>();
  private boolean writing;
  private List<Promise<Void>> idle = new ArrayList<>();

  public GroupCommit(AsyncStore store) {
    this.store = store;
  }

  /** Writes {@code batch} with SYNC durability, possibly together with others. */
  public Future<Void> write(Batch batch) {
    Promise<Void> done = Promise.promise();
    if (pending == null) {
      pending = new Batch();
    }
    pending.ops().addAll(batch.ops());
    waiters.add(done);
    if (!writing) {
      flush();
    }
    return done.future();
  }

  /** Completes once every batch submitted so far is written (or failed). */
  public Future<Void> idle() {
    if (!writing && pending == null) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    idle.add(p);
    return p.future();
  }

  private void flush() {
    if (pending == null) {
      writing = false;
      List<Promise<Void>> done = idle;
      idle = new ArrayList<>();
      done.forEach(Promise::tryComplete);
      return;
    }
    Batch batch = pending;
    List<Promise<Void>> batchWaiters = waiters;
    pending = null;
    waiters = new ArrayList<>();
    writing = true;
    store
        .write(batch, Durability.SYNC)
        .onComplete(
            ar -> {
              batchWaiters.forEach(p -> p.handle(ar));
              flush();
            });
  }
}
