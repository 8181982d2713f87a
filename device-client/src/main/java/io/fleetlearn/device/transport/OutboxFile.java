package io.fleetlearn.device.transport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The on-disk form of one outbox entry: {@code "FLOX"}, version 2, round (8 bytes), nonce (8), the
 * round's deadline in epoch ms (8; 0 when unknown), topic length (2) and UTF-8 topic, payload
 * length (4) and payload, CRC-32 of all before (4); all big-endian. Version 1 (no deadline field)
 * is still read, with the deadline unknown, so an update written before an upgrade is not lost.
 * File names are {@code u-<round>-<nonce as 16 hex digits>.upd}, built from numbers only so that no
 * name can point outside the folder.
 */
final class OutboxFile {
  static final int MAX_TOPIC_BYTES = 1024;
  static final int OVERHEAD = 4 + 1 + 8 + 8 + 8 + 2 + 4 + 4;
  private static final int MAGIC = 0x464C4F58; // "FLOX"
  private static final byte VERSION = 2;
  private static final byte VERSION_WITHOUT_DEADLINE = 1;
  private static final Pattern NAME = Pattern.compile("u-(\\d{1,19})-([0-9a-f]{16})\\.upd");

  private OutboxFile() {}

  static String name(long round, long nonce) {
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0: " + round);
    }
    return "u-" + round + "-" + String.format("%016x", nonce) + ".upd";
  }

  /** The (round, nonce) a well-formed name holds, or {@code null}. */
  static long[] parseName(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return null;
    }
    try {
      return new long[] {Long.parseLong(m.group(1)), Long.parseUnsignedLong(m.group(2), 16)};
    } catch (NumberFormatException e) {
      return null; // A 19-digit number above Long.MAX_VALUE.
    }
  }

  static byte[] encode(long round, long nonce, long deadline, byte[] topic, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(OVERHEAD + topic.length + payload.length);
    b.putInt(MAGIC).put(VERSION).putLong(round).putLong(nonce).putLong(deadline);
    b.putShort((short) topic.length).put(topic).putInt(payload.length).put(payload);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * Parses a file's bytes, checking each length against what is left before allocating.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static OutboxEntry decode(byte[] bytes, int maxPayload) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      if (b.getInt() != MAGIC) {
        throw new IllegalArgumentException("bad magic");
      }
      byte version = b.get();
      if (version != VERSION && version != VERSION_WITHOUT_DEADLINE) {
        throw new IllegalArgumentException("unknown version " + version);
      }
      long round = b.getLong();
      long nonce = b.getLong();
      long deadline = version == VERSION ? b.getLong() : OutboxEntry.NO_DEADLINE;
      if (deadline < 0) {
        throw new IllegalArgumentException("deadline " + deadline + " out of range");
      }
      int topicLength = Short.toUnsignedInt(b.getShort());
      if (topicLength == 0 || topicLength > MAX_TOPIC_BYTES || topicLength > b.remaining()) {
        throw new IllegalArgumentException("topic length " + topicLength + " out of range");
      }
      byte[] topic = new byte[topicLength];
      b.get(topic);
      int payloadLength = b.getInt();
      if (payloadLength < 0 || payloadLength > maxPayload || payloadLength + 4 != b.remaining()) {
        throw new IllegalArgumentException("payload length " + payloadLength + " out of range");
      }
      byte[] payload = new byte[payloadLength];
      b.get(payload);
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, b.position());
      if (b.getInt() != (int) crc.getValue()) {
        throw new IllegalArgumentException("checksum mismatch");
      }
      return new OutboxEntry(round, nonce, new String(topic, UTF_8), payload, deadline);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated", e);
    }
  }
}
