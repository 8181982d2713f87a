package io.fleetlearn.coordinator.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Key encodings whose byte order is the order we want to iterate in. */
public final class Keys {
  private Keys() {}

  /** A UTF-8 string key. */
  public static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A UTF-8 string key back to text. */
  public static String text(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  /**
   * A non-negative long, big-endian, so that RocksDB's bytewise order is numeric order (round 10
   * after round 9).
   */
  public static byte[] u64(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("key (" + value + ") must be >= 0");
    }
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  /** The long of a {@link #u64} key, read from its first eight bytes. */
  public static long u64(byte[] key) {
    return ByteBuffer.wrap(key, 0, Long.BYTES).getLong();
  }
}
