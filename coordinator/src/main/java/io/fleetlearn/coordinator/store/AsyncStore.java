package io.fleetlearn.coordinator.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Store} for event-loop code: every call runs on a worker through {@code
 * executeBlocking}, in submission order per calling context, and completes back on that context.
 */
public final class AsyncStore {
  private final Vertx vertx;
  private final Store store;

  private AsyncStore(Vertx vertx, Store store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** Opens the database in {@code dir} on a worker thread. */
  public static Future<AsyncStore> open(Vertx vertx, Path dir) {
    return vertx.executeBlocking(() -> new AsyncStore(vertx, Store.open(dir)));
  }

  /** See {@link Store#get}. */
  public Future<Optional<byte[]>> get(Family family, byte[] key) {
    return vertx.executeBlocking(() -> store.get(family, key));
  }

  /** See {@link Store#write}. */
  public Future<Void> write(Batch batch, Durability durability) {
    return vertx.executeBlocking(
        () -> {
          store.write(batch, durability);
          return null;
        });
  }

  /** See {@link Store#scan}. */
  public Future<List<Entry>> scan(Family family, byte[] prefix, int limit) {
    return vertx.executeBlocking(() -> store.scan(family, prefix, limit));
  }

  /** Whether the database is open; cheap, safe on the event loop. */
  public boolean isOpen() {
    return store.isOpen();
  }

  /** Closes the database on a worker thread. */
  public Future<Void> close() {
    return vertx.executeBlocking(
        () -> {
          store.close();
          return null;
        });
  }
}
