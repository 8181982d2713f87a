/**
 * RocksDB persistence: one column family per kind of record, atomic batches, synchronous writes for
 * round state. {@link io.fleetlearn.coordinator.store.AsyncStore} is the event-loop facade.
 */
package io.fleetlearn.coordinator.store;
