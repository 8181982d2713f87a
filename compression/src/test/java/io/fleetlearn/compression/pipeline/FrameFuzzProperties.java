package io.fleetlearn.compression.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.FrameKind;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Feeds random and mutated frames to the decoder. Only {@link CodecException} may come out, and the
 * bytes the decoder allocates stay within what {@link #LIMITS} allow. Mutated frames get their
 * checksum recomputed half of the time, so that mutations reach the header and body parsers instead
 * of stopping at the checksum.
 */
class FrameFuzzProperties {
  /** Tight limits, so that "bounded" is a claim worth checking. */
  private static final DecodeLimits LIMITS =
      new DecodeLimits(1 << 20, 64, 1 << 18, 4 << 20, 64, true);

  /** Model, body, sparse scratch, per-channel bounds, and the frame's own copies. */
  private static long allocationBound(int frameLength) {
    return 4 * LIMITS.maxElements() * 4 + 3L * LIMITS.maxBodyBytes() + 8L * frameLength + (2 << 20);
  }

  private static final List<byte[]> SEEDS = new ArrayList<>();

  @BeforeContainer
  static void encodeSeedFrames() {
    Model cnn = TestModels.cnn(11);
    Model mlp = TestModels.mlp(12, 30, 20, 5);
    LayerChain chain = LayerChain.sequential(mlp);
    for (String p :
        List.of(
            "Fp32",
            "Fp16 + Deflate",
            "TopK(5%) + ErrorFeedback + Int4 + Rice + Deflate",
            "Prune(50%) + Int8(channel) + Bitmap + Zstd",
            "RandomK(20%) + Int2(sym) + Varint",
            "LowRank(4) + Int8",
            "Threshold(0.05) + Ternary",
            "KMeans(3) + Deflate")) {
      EncodeContext ctx = EncodeContext.plain().withFeedback(new ErrorFeedback(cnn.zerosLike()));
      SEEDS.add(Pipeline.parse(p).encodeFrame(meta(), cnn, ctx));
    }
    SEEDS.add(
        Pipeline.parse("Width(50%) + Int8")
            .encodeFrame(meta(), mlp, EncodeContext.plain().withChain(chain)));
  }

  @Example
  void seedFrames_decode() {
    for (byte[] f : SEEDS) {
      assertThat(Frames.decode(f, LIMITS).model().size()).isPositive();
    }
  }

  @Property(tries = 300)
  void randomBytes_failOnlyWithCodecException(@ForAll("noise") byte[] bytes) {
    assertOnlyCodecException(bytes);
  }

  @Property(tries = 1500)
  void mutatedFrames_failOnlyWithCodecException_andStayWithinAllocationBound(
      @ForAll("mutated") byte[] bytes) {
    assertOnlyCodecException(bytes);
  }

  private static void assertOnlyCodecException(byte[] bytes) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    try {
      Frames.decode(bytes, LIMITS);
    } catch (CodecException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    } catch (Throwable t) {
      throw new AssertionError("decoder leaked " + t + " instead of a CodecException", t);
    }
    long allocated = mx.getThreadAllocatedBytes(tid) - before;
    assertThat(allocated).isLessThanOrEqualTo(allocationBound(bytes.length));
  }

  @Provide
  Arbitrary<byte[]> noise() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    return Arbitraries.integers()
        .between(0, SEEDS.size() - 1)
        .flatMap(
            i ->
                Arbitraries.longs()
                    .map(seed -> mutate(SEEDS.get(i), new java.util.SplittableRandom(seed))));
  }

  private static byte[] mutate(byte[] seed, java.util.SplittableRandom r) {
    byte[] f = seed.clone();
    int kind = r.nextInt(5);
    switch (kind) {
      case 0 -> {
        for (int k = 0; k < 1 + r.nextInt(4); k++) {
          f[r.nextInt(f.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> f = java.util.Arrays.copyOf(f, r.nextInt(f.length));
      case 2 -> {
        int at = r.nextInt(f.length);
        f[at] = (byte) (r.nextBoolean() ? 0xFF : r.nextInt(256));
      }
      case 3 -> {
        // A length or count field near the front, set to something large.
        int at = 8 + r.nextInt(Math.min(48, f.length - 8));
        f[at] = (byte) 0xFF;
        if (at + 1 < f.length) {
          f[at + 1] = (byte) 0x7F;
        }
      }
      default -> {
        byte[] g = new byte[f.length + 1 + r.nextInt(16)];
        int at = r.nextInt(f.length);
        System.arraycopy(f, 0, g, 0, at);
        System.arraycopy(f, at, g, g.length - (f.length - at), f.length - at);
        f = g;
      }
    }
    if (r.nextBoolean() && f.length >= 4) {
      CRC32C crc = new CRC32C();
      crc.update(f, 0, f.length - 4);
      int c = (int) crc.getValue();
      for (int b = 0; b < 4; b++) {
        f[f.length - 4 + b] = (byte) (c >>> (8 * b));
      }
    }
    return f;
  }

  private static FrameMeta meta() {
    return new FrameMeta(FrameKind.UPDATE, 1, 1, "", Map.of("device", "fuzz"));
  }
}
