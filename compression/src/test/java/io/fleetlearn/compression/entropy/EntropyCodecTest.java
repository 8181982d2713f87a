package io.fleetlearn.compression.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdCompressCtx;
import io.fleetlearn.compression.CodecException;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class EntropyCodecTest {
  private static final int HUNDRED_MB = 100 << 20;

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /** 100 MB of zeros as raw deflate, streamed so the test never holds the 100 MB. */
  private static byte[] deflateBomb() {
    Deflater d = new Deflater(9, true);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] zeros = new byte[1 << 20];
      byte[] buf = new byte[1 << 16];
      for (int i = 0; i < 100; i++) {
        d.setInput(zeros);
        while (!d.needsInput()) {
          out.write(buf, 0, d.deflate(buf));
        }
      }
      d.finish();
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  @Test
  void deflateBombWithASmallClaimedLengthFailsWithinThatLength() {
    byte[] bomb = deflateBomb();
    assertThat(bomb.length).isLessThan(200_000);
    long before = allocatedBytes();
    assertThatThrownBy(() -> new Deflate().decompress(bomb, 0, bomb.length, 1000))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Deflate stream inflates past its raw length of 1000 bytes");
    assertThat(allocatedBytes() - before).isLessThan(256 * 1024);
  }

  @Test
  void zstdBombWithASmallClaimedLengthFailsBeforeAllocating() {
    byte[] bomb = new Zstd(19).compress(new byte[HUNDRED_MB], 0, HUNDRED_MB);
    assertThat(bomb.length).isLessThan(200_000);
    long before = allocatedBytes();
    assertThatThrownBy(() -> new Zstd().decompress(bomb, 0, bomb.length, 1000))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Zstd frame declares 104857600 bytes but the raw length is 1000");
    assertThat(allocatedBytes() - before).isLessThan(256 * 1024);
  }

  @Test
  void zstdFrameWithoutContentSizeIsRefused() {
    byte[] raw = new byte[5000];
    byte[] packed;
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setContentSize(false);
      packed = ctx.compress(raw);
    }
    assertThatThrownBy(() -> new Zstd().decompress(packed, 0, packed.length, raw.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("does not declare its content size");
  }

  @Test
  void trailingBytesAfterTheStreamFail() {
    byte[] raw = "a body that compresses, a body that compresses".getBytes();
    for (EntropyCodec c : new EntropyCodec[] {new Deflate(), new Zstd()}) {
      byte[] packed = c.compress(raw, 0, raw.length);
      byte[] longer = Arrays.copyOf(packed, packed.length + 3);
      assertThatThrownBy(() -> c.decompress(longer, 0, longer.length, raw.length))
          .as("%s", c)
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("trailing");
    }
  }

  @Test
  void emptyBodiesRoundTrip() {
    for (EntropyCodec c : EntropyCodecs.all()) {
      byte[] packed = c.compress(new byte[0], 0, 0);
      assertThat(c.decompress(packed, 0, packed.length, 0)).isEmpty();
    }
  }

  @Test
  void rawRefusesALengthOtherThanItsBody() {
    assertThatThrownBy(() -> NoEntropy.INSTANCE.decompress(new byte[10], 0, 10, 11))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Raw entropy stage: body is 10 bytes but its raw length is 11");
  }

  @Test
  void tokensRoundTrip() {
    for (String token :
        new String[] {
          "Raw", "Deflate", "Deflate(1)", "Deflate(9)", "Zstd", "Zstd(1)", "Zstd(22)"
        }) {
      assertThat(EntropyCodecs.parse(token)).hasToString(token);
    }
    assertThat(EntropyCodecs.parse("Deflate(6)")).isEqualTo(new Deflate()).hasToString("Deflate");
    assertThat(EntropyCodecs.parse("Zstd(3)")).hasToString("Zstd");
    assertThat(EntropyCodecs.all())
        .extracting(Object::toString)
        .containsExactly("Raw", "Deflate", "Zstd");
    assertThat(EntropyCodecs.all()).contains(EntropyCodecs.defaultCodec());
  }

  @Test
  void invalidTokensListTheValidOnes() {
    for (String token :
        new String[] {"Gzip", "Deflate(0)", "Deflate(10)", "Zstd(23)", "Zstd()", ""}) {
      assertThatThrownBy(() -> EntropyCodecs.parse(token))
          .as(token)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Raw, Deflate, Deflate(1..9), Zstd, Zstd(1..22)");
    }
  }

  @Test
  void tagsMapBackToTheirCodec() {
    for (EntropyCodec c : EntropyCodecs.all()) {
      assertThat(EntropyCodecs.read(c.tag()).tag()).isEqualTo(c.tag());
    }
    assertThat(new Deflate(9).tag()).isEqualTo(new Deflate().tag());
    assertThatThrownBy(() -> EntropyCodecs.read((byte) 0xC8))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("entropy codec tag (200)");
  }

  @Test
  void levelsOutsideTheirRangeAreRejected() {
    assertThatThrownBy(() -> new Deflate(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Zstd(23)).isInstanceOf(IllegalArgumentException.class);
  }
}
