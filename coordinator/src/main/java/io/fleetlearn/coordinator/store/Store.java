package io.fleetlearn.coordinator.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The coordinator's RocksDB database, one column family per {@link Family}. Every method blocks on
 * disk: on the event loop, call it through {@link AsyncStore}.
 *
 * <p>Thread-safe. {@link #close} waits for calls in flight and makes later calls fail with a {@link
 * StoreException}, rather than the JVM crash a RocksDB handle used after close would be.
 */
public final class Store implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final List<ColumnFamilyHandle> handles;
  private final Map<Family, ColumnFamilyHandle> byFamily = new EnumMap<>(Family.class);
  private final RocksDB db;
  private final WriteOptions syncWrites;
  private final WriteOptions relaxedWrites;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean open = true;

  private Store(
      Path dir,
      DBOptions dbOptions,
      ColumnFamilyOptions cfOptions,
      RocksDB db,
      List<ColumnFamilyHandle> handles) {
    this.dir = dir;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.db = db;
    this.handles = handles;
    // handles[0] is RocksDB's "default" family, which we keep empty.
    for (Family f : Family.values()) {
      byFamily.put(f, handles.get(f.ordinal() + 1));
    }
    this.syncWrites = new WriteOptions().setSync(true);
    this.relaxedWrites = new WriteOptions().setSync(false);
  }

  /**
   * Opens (creating if needed) the database in {@code dir}, with every column family.
   *
   * @throws StoreException if the directory cannot be created or RocksDB refuses it (for example
   *     another process holds its lock)
   */
  public static Store open(Path dir) {
    DBOptions dbOptions =
        new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Family f : Family.values()) {
      descriptors.add(new ColumnFamilyDescriptor(f.nameBytes(), cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new Store(dir, dbOptions, cfOptions, db, handles);
    } catch (RocksDBException | java.io.IOException e) {
      handles.forEach(ColumnFamilyHandle::close);
      cfOptions.close();
      dbOptions.close();
      throw new StoreException("cannot open the database in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The value under {@code key}, if any. */
  public Optional<byte[]> get(Family family, byte[] key) {
    return guarded(
        "get from " + family.columnName(),
        () -> {
          try {
            return Optional.ofNullable(db.get(byFamily.get(family), key));
          } catch (RocksDBException e) {
            throw new StoreException("get from " + family.columnName() + " failed", e);
          }
        });
  }

  /** Puts one value, durably ({@link Durability#SYNC}). */
  public void put(Family family, byte[] key, byte[] value) {
    write(new Batch().put(family, key, value), Durability.SYNC);
  }

  /** Applies every operation of {@code batch} atomically. */
  public void write(Batch batch, Durability durability) {
    guarded(
        "write",
        () -> {
          try (WriteBatch wb = new WriteBatch()) {
            for (Batch.Op op : batch.ops()) {
              ColumnFamilyHandle h = byFamily.get(op.family());
              if (op.value() == null) {
                wb.delete(h, op.key());
              } else {
                wb.put(h, op.key(), op.value());
              }
            }
            db.write(durability == Durability.SYNC ? syncWrites : relaxedWrites, wb);
            return null;
          } catch (RocksDBException e) {
            throw new StoreException(
                "write of " + batch.size() + " operations failed; none applied", e);
          }
        });
  }

  /**
   * Entries whose key starts with {@code prefix}, in key order, at most {@code limit} of them.
   * Results are copied out, so the caller holds no RocksDB resource.
   */
  public List<Entry> scan(Family family, byte[] prefix, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit (" + limit + ") must be >= 0");
    }
    return guarded(
        "scan of " + family.columnName(),
        () -> {
          List<Entry> out = new ArrayList<>();
          try (RocksIterator it = db.newIterator(byFamily.get(family))) {
            for (it.seek(prefix); it.isValid() && out.size() < limit; it.next()) {
              byte[] key = it.key();
              if (!startsWith(key, prefix)) {
                break;
              }
              out.add(new Entry(key, it.value()));
            }
            it.status();
          } catch (RocksDBException e) {
            throw new StoreException("scan of " + family.columnName() + " failed", e);
          }
          return out;
        });
  }

  /** Whether the database is open. */
  public boolean isOpen() {
    lock.readLock().lock();
    try {
      return open;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The directory the database lives in. */
  public Path dir() {
    return dir;
  }

  /** Flushes and releases every native handle; later calls fail. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!open) {
        return;
      }
      open = false;
      // Children before parents: handles, then the DB, then the options they were built from.
      try (dbOptions;
          cfOptions;
          db;
          syncWrites;
          relaxedWrites) {
        handles.forEach(ColumnFamilyHandle::close);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private <T> T guarded(String what, Supplier<T> call) {
    lock.readLock().lock();
    try {
      if (!open) {
        throw new StoreException(what + " after the database in " + dir + " was closed");
      }
      return call.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
