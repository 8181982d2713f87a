package io.fleetlearn.device.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.tensor.Ratio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @TempDir Path dir;

  private static StoredModel model(long version, int bytes) {
    byte[] frame = new byte[bytes];
    Arrays.fill(frame, (byte) version);
    return new StoredModel("cnn", Ratio.of(0.5), version, "w50", frame);
  }

  @Test
  void load_isEmpty_beforeTheFirstSave() throws IOException {
    assertThat(new ModelStore(dir.resolve("model")).load(1 << 20)).isEmpty();
  }

  @Test
  void load_returnsTheLastSavedModel_andLeavesNoTempFiles() throws IOException {
    ModelStore store = new ModelStore(dir.resolve("model"));

    store.save(model(1, 100));
    store.save(model(2, 60));
    StoredModel m = store.load(1 << 20).orElseThrow();

    assertThat(m.version()).isEqualTo(2);
    assertThat(m.spec()).isEqualTo("cnn");
    assertThat(m.width()).isEqualTo(Ratio.of(0.5));
    assertThat(m.variant()).isEqualTo("w50");
    assertThat(m.frame()).hasSize(60).containsOnly((byte) 2);
    try (var files = Files.list(store.folder())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(ModelStore.FRAME, ModelStore.META);
    }
  }

  @Test
  void load_refusesAFrameOfAnotherModel_asAfterAPowerCutBetweenTheTwoMoves() throws IOException {
    ModelStore store = new ModelStore(dir.resolve("model"));
    store.save(model(1, 100));
    // The next save's frame landed, its properties did not.
    Files.write(store.folder().resolve(ModelStore.FRAME), model(2, 100).frame());

    assertThatThrownBy(() -> store.load(1 << 20))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not match the SHA-256");
  }

  @Test
  void load_refusesAFrameOverTheCap_beforeReadingIt() throws IOException {
    ModelStore store = new ModelStore(dir.resolve("model"));
    store.save(model(1, 5000));

    assertThatThrownBy(() -> store.load(4096))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'frame.bytes' (5000) must be in [0, 4096]");
  }
}
