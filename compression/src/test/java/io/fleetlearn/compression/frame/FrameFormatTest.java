package io.fleetlearn.compression.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.entropy.EntropyCodecs;
import io.fleetlearn.compression.entropy.NoEntropy;
import io.fleetlearn.compression.tensor.Shape;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class FrameFormatTest {
  private static final DecodeLimits LIMITS = DecodeLimits.defaults();

  private static FrameHeader header(List<TensorInfo> tensors) {
    return new FrameHeader(
        FrameKind.MODEL, 7, 3, "w050", "Int8", Map.of("b", "2", "a", "1"), tensors);
  }

  @Test
  void header_roundTrips() {
    FrameHeader h = header(List.of(new TensorInfo("fc.weight", Shape.of(4, 3))));
    byte[] body = new byte[] {1, 2, 3};

    RawFrame raw = FrameFormat.read(FrameFormat.write(h, body, 3, NoEntropy.INSTANCE), LIMITS);

    assertThat(raw.header()).isEqualTo(h);
    assertThat(raw.body()).containsExactly(1, 2, 3);
  }

  @Test
  void write_storesRawWhenTheEntropyStageWouldNotShrinkTheBody() {
    FrameHeader h = header(List.of());
    byte[] body = {42};

    byte[] frame = FrameFormat.write(h, body, 1, EntropyCodecs.parse("Deflate"));

    assertThat(FrameFormat.read(frame, LIMITS).body()).containsExactly(42);
    assertThat(frame.length).isEqualTo(FrameFormat.OVERHEAD + headerBytes(h) + 1);
  }

  @Test
  void read_rejectsAFlippedBitByChecksum() {
    byte[] frame = FrameFormat.write(header(List.of()), new byte[8], 8, NoEntropy.INSTANCE);
    frame[frame.length / 2] ^= 0x10;

    assertThatThrownBy(() -> FrameFormat.read(frame, LIMITS))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void read_rejectsForeignMagicAndNewerVersion() {
    byte[] frame = FrameFormat.write(header(List.of()), new byte[0], 0, NoEntropy.INSTANCE);
    byte[] foreign = frame.clone();
    foreign[0] = 'X';
    assertThatThrownBy(() -> FrameFormat.read(foreign, LIMITS))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("not a FleetLearn frame");

    byte[] newer = frame.clone();
    newer[4] = 2;
    reseal(newer);
    assertThatThrownBy(() -> FrameFormat.read(newer, LIMITS))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("format version (2)")
        .hasMessageContaining("upgrade the decoder");
  }

  @Test
  void read_rejectsFramesOverTheSizeLimit() {
    byte[] frame = FrameFormat.write(header(List.of()), new byte[100], 100, NoEntropy.INSTANCE);

    assertThatThrownBy(() -> FrameFormat.read(frame, LIMITS.withMaxFrameBytes(64)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("the limit is 64");
  }

  @Test
  void read_rejectsHeadersDeclaringMoreElementsThanTheLimit() {
    FrameHeader h = header(List.of(new TensorInfo("huge", Shape.of(1 << 15, 1 << 15))));
    byte[] frame = FrameFormat.write(h, new byte[0], 0, NoEntropy.INSTANCE);

    assertThatThrownBy(() -> FrameFormat.read(frame, LIMITS))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("huge")
        .hasMessageContaining("elements");
  }

  @Test
  void read_refusesADecompressionBomb() {
    byte[] zeros = new byte[10 << 20];
    byte[] frame =
        FrameFormat.write(header(List.of()), zeros, zeros.length, EntropyCodecs.parse("Deflate"));

    assertThatThrownBy(() -> FrameFormat.read(frame, LIMITS))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("decompression bomb");
  }

  private static int headerBytes(FrameHeader h) {
    byte[] frame = FrameFormat.write(h, new byte[0], 0, NoEntropy.INSTANCE);
    return frame.length - FrameFormat.OVERHEAD;
  }

  /** Recomputes the checksum after a deliberate edit, so the edit reaches the parser. */
  static void reseal(byte[] frame) {
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, frame.length - 4);
    ByteWriter w = new ByteWriter(4);
    w.i32((int) crc.getValue());
    System.arraycopy(w.array(), 0, frame, frame.length - 4, 4);
  }
}
