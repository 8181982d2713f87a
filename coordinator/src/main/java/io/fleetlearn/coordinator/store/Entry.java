package io.fleetlearn.coordinator.store;

/**
 * One key and value read from the database.
 *
 * @param key the key
 * @param value the value
 */
public record Entry(byte[] key, byte[] value) {}
