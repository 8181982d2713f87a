package io.fleetlearn.coordinator.store;

/** How far a write must get before {@link Store#write} returns. */
public enum Durability {
  /**
   * fsync the write-ahead log before returning: for round state changes, receipts and aggregates,
   * which must survive a {@code kill -9} or a power cut once acknowledged.
   */
  SYNC,
  /**
   * Return once in the OS page cache: survives a process crash but not a power cut; for data that
   * is refreshed anyway, such as device statuses.
   */
  RELAXED
}
