package io.fleetlearn.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path dir;

  @Test
  void get_returnsWhatPutStored_perFamily() {
    try (Store store = Store.open(dir)) {
      store.put(Family.DEVICES, Keys.text("d-1"), bytes("online"));

      assertThat(store.get(Family.DEVICES, Keys.text("d-1")))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("online")));
      // Families are separate key spaces.
      assertThat(store.get(Family.ROUNDS, Keys.text("d-1"))).isEmpty();
    }
  }

  @Test
  void scan_returnsPrefixMatchesInNumericOrder_upToLimit() {
    try (Store store = Store.open(dir)) {
      Batch batch = new Batch();
      for (long round : new long[] {10, 9, 256, 1}) {
        batch.put(Family.ROUNDS, Keys.u64(round), bytes("r" + round));
      }
      batch.put(Family.RECEIPTS, Keys.u64(5), bytes("other family"));
      store.write(batch, Durability.SYNC);

      List<Entry> all = store.scan(Family.ROUNDS, new byte[0], 100);
      List<Entry> two = store.scan(Family.ROUNDS, new byte[0], 2);

      assertThat(all).extracting(e -> Keys.u64(e.key())).containsExactly(1L, 9L, 10L, 256L);
      assertThat(two).extracting(e -> Keys.u64(e.key())).containsExactly(1L, 9L);
    }
  }

  @Test
  void scan_stopsAtTheEndOfThePrefix() {
    try (Store store = Store.open(dir)) {
      store.write(
          new Batch()
              .put(Family.RECEIPTS, Keys.text("r1/d-1"), bytes("a"))
              .put(Family.RECEIPTS, Keys.text("r1/d-2"), bytes("b"))
              .put(Family.RECEIPTS, Keys.text("r2/d-1"), bytes("c")),
          Durability.RELAXED);

      assertThat(store.scan(Family.RECEIPTS, Keys.text("r1/"), 100))
          .extracting(e -> Keys.text(e.key()))
          .containsExactly("r1/d-1", "r1/d-2");
    }
  }

  @Test
  void write_appliesPutsAndDeletesOfABatchTogether() {
    try (Store store = Store.open(dir)) {
      store.put(Family.AGGREGATES, Keys.u64(1), bytes("old sum"));
      Batch batch =
          new Batch()
              .put(Family.RECEIPTS, Keys.text("r1/d-1/n1"), bytes("accepted"))
              .put(Family.AGGREGATES, Keys.u64(2), bytes("new sum"))
              .delete(Family.AGGREGATES, Keys.u64(1));

      // Nothing is visible before the batch is written.
      assertThat(store.get(Family.RECEIPTS, Keys.text("r1/d-1/n1"))).isEmpty();
      store.write(batch, Durability.SYNC);

      assertThat(store.get(Family.RECEIPTS, Keys.text("r1/d-1/n1"))).isPresent();
      assertThat(store.get(Family.AGGREGATES, Keys.u64(2))).isPresent();
      assertThat(store.get(Family.AGGREGATES, Keys.u64(1))).isEmpty();
    }
  }

  @Test
  void reopen_afterClose_keepsData() {
    try (Store store = Store.open(dir)) {
      store.write(
          new Batch()
              .put(Family.META, Keys.text("schema"), bytes("1"))
              .put(Family.MODELS, Keys.u64(7), bytes("frame")),
          Durability.SYNC);
    }

    try (Store again = Store.open(dir)) {
      assertThat(again.get(Family.META, Keys.text("schema")))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("1")));
      assertThat(again.get(Family.MODELS, Keys.u64(7))).isPresent();
    }
  }

  @Test
  void calls_afterClose_failWithStoreException_notACrash() {
    Store store = Store.open(dir);
    store.close();
    store.close();

    assertThat(store.isOpen()).isFalse();
    assertThatThrownBy(() -> store.get(Family.META, Keys.text("x")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void open_failsWithStoreException_whileAnotherStoreHoldsTheDirectory() {
    try (Store first = Store.open(dir)) {
      assertThatThrownBy(() -> Store.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(dir.toString());
      assertThat(first.isOpen()).isTrue();
    }
  }

  @Test
  void u64Keys_rejectNegativeValues() {
    assertThatThrownBy(() -> Keys.u64(-1)).hasMessage("key (-1) must be >= 0");
  }

  private static byte[] bytes(String s) {
    return Keys.text(s);
  }
}
