package io.fleetlearn.compression.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fleetlearn.compression.CodecException;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class EntropyCodecProperties {

  private static final List<EntropyCodec> CODECS =
      List.of(
          NoEntropy.INSTANCE,
          new Deflate(),
          new Deflate(1),
          new Deflate(9),
          new Zstd(),
          new Zstd(1),
          new Zstd(19));

  @Provide
  Arbitrary<EntropyCodec> codecs() {
    return Arbitraries.of(CODECS);
  }

  /** Bytes from incompressible to highly redundant, 0 to 100 KB. */
  private static byte[] body(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int len = rnd.nextInt(4) == 0 ? rnd.nextInt(16) : rnd.nextInt(100_000);
    int alphabet = 1 << rnd.nextInt(9);
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      b[i] = (byte) rnd.nextInt(alphabet);
    }
    return b;
  }

  @Property(tries = 120)
  void roundTripsAtAnOffset(@ForAll("codecs") EntropyCodec codec, @ForAll long seed) {
    byte[] raw = body(seed);
    byte[] padded = new byte[raw.length + 7];
    System.arraycopy(raw, 0, padded, 3, raw.length);
    byte[] packed = codec.compress(padded, 3, raw.length);
    byte[] framed = new byte[packed.length + 5];
    System.arraycopy(packed, 0, framed, 2, packed.length);
    assertThat(codec.decompress(framed, 2, packed.length, raw.length)).isEqualTo(raw);
    assertThat(EntropyCodecs.read(codec.tag()).decompress(packed, 0, packed.length, raw.length))
        .isEqualTo(raw);
  }

  @Property(tries = 150)
  void corruptedBodiesFailWithCodecExceptionOrKeepTheirLength(
      @ForAll("codecs") EntropyCodec codec,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int flips) {
    byte[] raw = body(seed);
    byte[] packed = codec.compress(raw, 0, raw.length);
    if (packed.length == 0) {
      return;
    }
    SplittableRandom rnd = new SplittableRandom(~seed);
    for (int i = 0; i < flips; i++) {
      packed[rnd.nextInt(packed.length)] ^= (byte) (1 << rnd.nextInt(8));
    }
    // A flip may still decode (the frame CRC catches that), but never to another length.
    checkHostile(codec, packed, raw.length);
  }

  @Property(tries = 150)
  void randomBytesFailWithCodecExceptionOrKeepTheirLength(
      @ForAll("codecs") EntropyCodec codec,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 1 << 16) int rawLength) {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] junk = new byte[rnd.nextInt(2000)];
    rnd.nextBytes(junk);
    if (codec instanceof Zstd && junk.length >= 4 && rnd.nextBoolean()) {
      // Give zstd its magic number so the frame parser, not the magic check, sees the junk.
      junk[0] = 0x28;
      junk[1] = (byte) 0xB5;
      junk[2] = 0x2F;
      junk[3] = (byte) 0xFD;
    }
    checkHostile(codec, junk, rawLength);
  }

  @Property(tries = 120)
  void wrongRawLengthFails(
      @ForAll("codecs") EntropyCodec codec,
      @ForAll long seed,
      @ForAll @IntRange(min = -3, max = 3) int delta) {
    byte[] raw = body(seed);
    byte[] packed = codec.compress(raw, 0, raw.length);
    int claimed = raw.length + delta;
    if (delta == 0 || claimed < 0) {
      return;
    }
    Throwable t = catchThrowable(() -> codec.decompress(packed, 0, packed.length, claimed));
    assertThat(t).isInstanceOf(CodecException.class);
  }

  @Property(tries = 120)
  void truncatedBodiesFail(@ForAll("codecs") EntropyCodec codec, @ForAll long seed) {
    byte[] raw = body(seed);
    byte[] packed = codec.compress(raw, 0, raw.length);
    if (packed.length == 0) {
      return;
    }
    int cut = new SplittableRandom(seed).nextInt(packed.length);
    Throwable t = catchThrowable(() -> codec.decompress(packed, 0, cut, raw.length));
    assertThat(t).isInstanceOf(CodecException.class);
  }

  private static void checkHostile(EntropyCodec codec, byte[] body, int rawLength) {
    byte[][] out = new byte[1][];
    Throwable t = catchThrowable(() -> out[0] = codec.decompress(body, 0, body.length, rawLength));
    if (t != null) {
      assertThat(t).isInstanceOf(CodecException.class);
      assertThat(t.getMessage()).containsAnyOf("Raw", "Deflate", "Zstd");
    } else {
      assertThat(out[0]).hasSize(rawLength);
    }
  }
}
