package io.fleetlearn.device.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  private static final String TOPIC = "fl/f/device/d1/update";
  private static final Outbox.Limits LIMITS = new Outbox.Limits(1024, 3);

  @TempDir Path folder;

  private static OutboxEntry entry(long round, long nonce, int size) {
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) (round * 31 + nonce + i);
    }
    return new OutboxEntry(round, nonce, TOPIC, payload);
  }

  private long files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).count();
    }
  }

  @Test
  void updatesSurviveARestartOfTheDevice() {
    Outbox outbox = Outbox.open(folder, LIMITS);
    outbox.put(entry(7, -3, 100));
    outbox.put(entry(2, 9, 0));

    Outbox reopened = Outbox.open(folder, LIMITS);

    assertThat(reopened.pending())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(entry(2, 9, 0), entry(7, -3, 100));
  }

  @Test
  void corruptOrForeignFilesAreQuarantinedAndLeftoverTempFilesDeleted() throws IOException {
    Outbox outbox = Outbox.open(folder, LIMITS);
    outbox.put(entry(1, 1, 50));
    outbox.put(entry(1, 2, 50));
    outbox.put(entry(1, 3, 50));
    Path flipped = folder.resolve(OutboxFile.name(1, 1));
    byte[] bytes = Files.readAllBytes(flipped);
    bytes[40] ^= 1;
    Files.write(flipped, bytes);
    Path truncated = folder.resolve(OutboxFile.name(1, 2));
    Files.write(truncated, new byte[] {'F', 'L', 'O', 'X', 1, 0});
    Files.writeString(folder.resolve("notes.txt"), "not an update");
    Files.write(folder.resolve("put-123.tmp"), new byte[10]);
    // A valid file renamed to another key: its content and name disagree.
    Files.move(folder.resolve(OutboxFile.name(1, 3)), folder.resolve(OutboxFile.name(9, 3)));

    Outbox reopened = Outbox.open(folder, LIMITS);

    assertThat(reopened.size()).isZero();
    assertThat(files(folder.resolve("quarantine"), "")).isEqualTo(4);
    assertThat(files(folder, ".tmp")).isZero();
    assertThat(files(folder, ".upd")).isZero();
  }

  @Test
  void theCapsOnSizeAndCountAreEnforced() {
    Outbox outbox = Outbox.open(folder, LIMITS);
    assertThatThrownBy(() -> outbox.put(entry(1, 1, 1025)))
        .isInstanceOf(OutboxException.class)
        .hasMessageContaining("1025 bytes, over the outbox cap of 1024");
    outbox.put(entry(1, 1, 1024));
    outbox.put(entry(1, 2, 1));
    outbox.put(entry(1, 3, 1));
    outbox.put(entry(1, 3, 2)); // same key: replaces, does not count twice
    assertThatThrownBy(() -> outbox.put(entry(1, 4, 1)))
        .isInstanceOf(OutboxException.class)
        .hasMessageContaining("full (3 updates)");
    assertThat(outbox.size()).isEqualTo(3);
  }

  @Test
  void aFileOverTheSizeCapIsQuarantinedUnread() throws IOException {
    Outbox.open(folder, new Outbox.Limits(100_000, 3)).put(entry(1, 1, 50_000));
    Outbox small = Outbox.open(folder, LIMITS);
    assertThat(small.size()).isZero();
    assertThat(files(folder.resolve("quarantine"), ".upd")).isEqualTo(1);
  }

  @Test
  void flushSendsOpenRoundsDropsClosedOnesAndKeepsTheRestOnFailure() {
    Outbox outbox = Outbox.open(folder, LIMITS);
    outbox.put(entry(1, 1, 10)); // round 1 closed
    outbox.put(entry(2, 1, 10));
    outbox.put(entry(3, 1, 10));
    FakeTransport transport = new FakeTransport();
    transport.publishesBeforeFailure = 1;

    Outbox.Flushed first = outbox.flush(transport, round -> round >= 2);

    assertThat(first).isEqualTo(new Outbox.Flushed(1, 1, 1));
    assertThat(transport.published)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.topic()).isEqualTo(TOPIC);
              assertThat(m.payload()).isEqualTo(entry(2, 1, 10).payload());
              assertThat(m.qos()).isEqualTo(1);
            });
    transport.publishesBeforeFailure = Integer.MAX_VALUE;
    assertThat(outbox.flush(transport, round -> true)).isEqualTo(new Outbox.Flushed(1, 0, 0));
    assertThat(Outbox.open(folder, LIMITS).size()).isZero();
  }

  @Test
  void aRoundsDeadlineSurvivesARestart_soAnUpdateOfAClosedRoundIsDroppedNotSent() {
    long now = 1_700_000_000_000L;
    Outbox outbox = Outbox.open(folder, LIMITS);
    outbox.put(new OutboxEntry(4, 1, TOPIC, new byte[] {4}, now - 1)); // closed meanwhile
    outbox.put(new OutboxEntry(5, 1, TOPIC, new byte[] {5}, now + 60_000));
    FakeTransport transport = new FakeTransport();

    // After a restart the device remembers no round, so its own check says "open" for all.
    Outbox reopened = Outbox.open(folder, LIMITS);
    Outbox.Flushed flushed = reopened.flush(transport, round -> true, now);

    assertThat(flushed).isEqualTo(new Outbox.Flushed(1, 1, 0));
    assertThat(transport.published)
        .singleElement()
        .satisfies(m -> assertThat(m.payload()).containsExactly(5));
    assertThat(reopened.size()).isZero();
  }

  @Test
  void aVersion1FileWithoutADeadlineStillLoads_andTheRoundCheckDecides() throws IOException {
    byte[] topic = TOPIC.getBytes(StandardCharsets.UTF_8);
    ByteBuffer v1 = ByteBuffer.allocate(4 + 1 + 8 + 8 + 2 + topic.length + 4 + 3 + 4);
    v1.putInt(0x464C4F58).put((byte) 1).putLong(3).putLong(7);
    v1.putShort((short) topic.length).put(topic).putInt(3).put(new byte[] {1, 2, 3});
    CRC32 crc = new CRC32();
    crc.update(v1.array(), 0, v1.position());
    v1.putInt((int) crc.getValue());
    Files.write(folder.resolve(OutboxFile.name(3, 7)), v1.array());

    Outbox outbox = Outbox.open(folder, LIMITS);

    assertThat(outbox.pending())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.deadlineMillis()).isEqualTo(OutboxEntry.NO_DEADLINE);
              assertThat(e.payload()).containsExactly(1, 2, 3);
            });
    assertThat(outbox.flush(new FakeTransport(), round -> round != 3, 0))
        .isEqualTo(new Outbox.Flushed(0, 1, 0));
  }

  @Test
  void fileNamesAreBuiltOnlyFromNumbers() {
    assertThat(OutboxFile.name(3, -1)).isEqualTo("u-3-ffffffffffffffff.upd");
    assertThat(OutboxFile.parseName("u-3-ffffffffffffffff.upd")).containsExactly(3, -1);
    assertThat(OutboxFile.parseName("u-../../etc-0000000000000000.upd")).isNull();
    assertThat(OutboxFile.parseName("u-9999999999999999999-0000000000000000.upd")).isNull();
    assertThatThrownBy(() -> new OutboxEntry(-1, 0, TOPIC, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
