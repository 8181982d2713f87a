package io.fleetlearn.device.transport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Updates made while offline, one file per (round, nonce) in the device's data folder, kept until
 * the broker acknowledged them (QoS 1 PUBACK) and across restarts of the device. Writes are atomic
 * (temp file, then {@code ATOMIC_MOVE}); a file that does not parse at start is moved to {@code
 * quarantine/} with its reason logged. Caps: payload bytes per file and number of files; disk use
 * is at most {@code maxFiles · (maxPayloadBytes + 1 KiB + 31)} bytes.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final Comparator<long[]> ORDER =
      Comparator.<long[]>comparingLong(k -> k[0]).thenComparing(k -> k[1], Long::compareUnsigned);

  /**
   * @param maxPayloadBytes the largest update frame stored
   * @param maxFiles the most updates stored at once
   */
  public record Limits(int maxPayloadBytes, int maxFiles) {
    public Limits {
      if (maxPayloadBytes < 1 || maxFiles < 1) {
        throw new IllegalArgumentException(
            "limits must be positive: " + maxPayloadBytes + ", " + maxFiles);
      }
    }
  }

  /**
   * What one {@link #flush} did.
   *
   * @param sent published and acknowledged, then deleted
   * @param dropped deleted unsent because their round was closed
   * @param left still waiting (the connection failed on the way)
   */
  public record Flushed(int sent, int dropped, int left) {}

  /** A stored entry: its file, and its round's deadline (0 when unknown) to drop it unread. */
  private record Stored(Path file, long deadlineMillis) {}

  private final Path folder;
  private final Limits limits;
  // Keys (round, nonce) → file; sorted so older rounds go out first.
  private final TreeMap<long[], Stored> files = new TreeMap<>(ORDER);

  private Outbox(Path folder, Limits limits) {
    this.folder = folder;
    this.limits = limits;
  }

  /**
   * Opens (creating it if needed) an outbox folder: keeps every valid file, deletes leftover temp
   * files, quarantines the rest.
   */
  public static Outbox open(Path folder, Limits limits) {
    Outbox outbox = new Outbox(folder, limits);
    try {
      Files.createDirectories(folder);
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
        for (Path p : dir) {
          if (Files.isRegularFile(p)) {
            outbox.load(p);
          }
        }
      }
    } catch (IOException e) {
      throw new OutboxException("cannot open outbox " + folder + ": " + e.getMessage(), e);
    }
    return outbox;
  }

  /**
   * Stores an update durably (replacing one with the same round and nonce).
   *
   * @throws OutboxException if the payload or the number of files would pass a cap
   */
  public synchronized void put(OutboxEntry entry) {
    long[] key = {entry.round(), entry.nonce()};
    if (entry.payload().length > limits.maxPayloadBytes()) {
      throw new OutboxException(
          "update of round "
              + entry.round()
              + " has "
              + entry.payload().length
              + " bytes, over the outbox cap of "
              + limits.maxPayloadBytes(),
          null);
    }
    if (!files.containsKey(key) && files.size() >= limits.maxFiles()) {
      throw new OutboxException("outbox is full (" + limits.maxFiles() + " updates)", null);
    }
    Path target = folder.resolve(OutboxFile.name(entry.round(), entry.nonce()));
    byte[] bytes =
        OutboxFile.encode(
            entry.round(),
            entry.nonce(),
            entry.deadlineMillis(),
            entry.topic().getBytes(UTF_8),
            entry.payload());
    try {
      Path tmp = Files.createTempFile(folder, "put-", ".tmp");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            ch.write(buffer);
          }
          ch.force(true); // On flash after a power cut, a renamed but unsynced file can be empty.
        }
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new OutboxException("cannot write " + target + ": " + e.getMessage(), e);
    }
    files.put(key, new Stored(target, entry.deadlineMillis()));
  }

  /** How many updates wait. */
  public synchronized int size() {
    return files.size();
  }

  /** The waiting updates, oldest round first (read from disk). */
  public synchronized List<OutboxEntry> pending() {
    List<OutboxEntry> out = new ArrayList<>();
    files.values().forEach(s -> out.add(read(s.file())));
    return out;
  }

  /** {@link #flush(Transport, LongPredicate, long)} at the current time. */
  public Flushed flush(Transport transport, LongPredicate roundOpen) {
    return flush(transport, roundOpen, System.currentTimeMillis());
  }

  /**
   * Publishes every waiting update whose round is still open (QoS 1, blocking until PUBACK) and
   * deletes it once acknowledged; drops those whose round closed: by the deadline stored with the
   * entry when there is one, else by {@code roundOpen}. Stops at the first transport failure,
   * keeping the rest for the next connection. Blocks: call it off the transport's threads.
   */
  public synchronized Flushed flush(Transport transport, LongPredicate roundOpen, long nowMillis) {
    int sent = 0;
    int dropped = 0;
    for (var it = files.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      long round = e.getKey()[0];
      long deadline = e.getValue().deadlineMillis();
      boolean open =
          deadline != OutboxEntry.NO_DEADLINE ? deadline > nowMillis : roundOpen.test(round);
      if (!open) {
        LOG.info("dropping outbox update {}: round {} is closed", e.getValue().file(), round);
        delete(e.getValue().file());
        it.remove();
        dropped++;
        continue;
      }
      OutboxEntry entry = read(e.getValue().file());
      try {
        transport.publish(OutgoingMessage.of(entry.topic(), entry.payload()));
      } catch (TransportException ex) {
        LOG.warn("outbox flush stopped, {} left: {}", files.size(), ex.reason());
        return new Flushed(sent, dropped, files.size());
      }
      delete(e.getValue().file());
      it.remove();
      sent++;
    }
    return new Flushed(sent, dropped, 0);
  }

  private void load(Path p) throws IOException {
    String name = p.getFileName().toString();
    if (name.endsWith(".tmp")) {
      Files.delete(
          p); // A write that a crash interrupted; its update was never acknowledged as stored.
      return;
    }
    long[] key = OutboxFile.parseName(name);
    if (key == null) {
      quarantine(p, "unexpected file name");
      return;
    }
    long size = Files.size(p);
    long maxSize =
        (long) OutboxFile.OVERHEAD + OutboxFile.MAX_TOPIC_BYTES + limits.maxPayloadBytes();
    if (size > maxSize) {
      quarantine(p, size + " bytes, over the cap of " + maxSize);
      return;
    }
    OutboxEntry e;
    try {
      e = OutboxFile.decode(Files.readAllBytes(p), limits.maxPayloadBytes());
    } catch (IllegalArgumentException ex) {
      quarantine(p, ex.getMessage());
      return;
    }
    if (e.round() != key[0] || e.nonce() != key[1]) {
      quarantine(p, "content is round " + e.round() + " but the name says " + key[0]);
      return;
    }
    files.put(key, new Stored(p, e.deadlineMillis()));
  }

  private void quarantine(Path p, String reason) throws IOException {
    Path dir = Files.createDirectories(folder.resolve("quarantine"));
    Path target = dir.resolve(p.getFileName());
    Files.move(p, target, StandardCopyOption.REPLACE_EXISTING);
    LOG.warn("quarantined outbox file {}: {}", p.getFileName(), reason);
  }

  private OutboxEntry read(Path p) {
    try {
      return OutboxFile.decode(Files.readAllBytes(p), limits.maxPayloadBytes());
    } catch (IOException e) {
      throw new OutboxException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
