package io.fleetlearn.device.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
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
  void fileNamesAreBuiltOnlyFromNumbers() {
    assertThat(OutboxFile.name(3, -1)).isEqualTo("u-3-ffffffffffffffff.upd");
    assertThat(OutboxFile.parseName("u-3-ffffffffffffffff.upd")).containsExactly(3, -1);
    assertThat(OutboxFile.parseName("u-../../etc-0000000000000000.upd")).isNull();
    assertThat(OutboxFile.parseName("u-9999999999999999999-0000000000000000.upd")).isNull();
    assertThatThrownBy(() -> new OutboxEntry(-1, 0, TOPIC, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
