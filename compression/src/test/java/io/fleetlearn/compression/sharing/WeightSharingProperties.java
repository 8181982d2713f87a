package io.fleetlearn.compression.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class WeightSharingProperties {

  @Provide
  Arbitrary<float[]> values() {
    return Arbitraries.oneOf(
            Arbitraries.floats().between(-1e6f, 1e6f),
            Arbitraries.floats().between(-1, 1),
            Arbitraries.of(0f, -0f, 1f, -1f, 0.5f))
        .array(float[].class)
        .ofMaxSize(3000);
  }

  @Property(tries = 300)
  void decodesEachValueToItsNearestCentroidWithinTheBound(
      @ForAll("values") float[] v, @ForAll @IntRange(min = 1, max = 8) int bits) {
    WeightSharing ws = WeightSharing.of(bits);
    int[] bounds = {0, v.length};
    ByteWriter out = new ByteWriter();
    ws.encode(v, 0, v.length, bounds, null, out);
    byte[] p = out.toByteArray();
    assertThat((long) p.length).isEqualTo(ws.payloadBytes(v.length, 1));

    float[] d = new float[v.length];
    ByteReader in = new ByteReader(p);
    ws.decode(in, d, 0, v.length, bounds);
    assertThat(in.remaining()).isZero();

    float[] c = new float[1 << bits];
    new ByteReader(p).floats(c, 0, c.length, "codebook");
    Codebook book = new Codebook(c);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    for (int i = 0; i < v.length; i++) {
      double err = Math.abs((double) v[i] - d[i]);
      assertThat(d[i]).isEqualTo(c[book.nearest(v[i])]);
      for (float x : c) {
        assertThat(err).isLessThanOrEqualTo(Math.abs((double) v[i] - x));
      }
      assertThat(err).isLessThanOrEqualTo(max - min);
      if (v[i] >= c[0] && v[i] <= c[c.length - 1]) {
        assertThat(err).isLessThanOrEqualTo(book.halfLargestGap());
      }
    }
  }

  @Property(tries = 60)
  void meanSquaredErrorIsNoWorseThanUniformQuantizationOnGaussians(
      @ForAll @IntRange(min = 1, max = 8) int bits,
      @ForAll @IntRange(min = 500, max = 20_000) int n,
      @ForAll long seed) {
    float[] v = KMeans1dTest.gaussian(n, seed);
    WeightSharing ws = WeightSharing.of(bits);
    int[] bounds = {0, n};
    ByteWriter out = new ByteWriter();
    ws.encode(v, 0, n, bounds, null, out);
    float[] d = new float[n];
    ws.decode(new ByteReader(out.toByteArray()), d, 0, n, bounds);

    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    double step = ((double) max - min) / ((1 << bits) - 1);
    double shared = 0;
    double uniform = 0;
    for (int i = 0; i < n; i++) {
      double e = v[i] - d[i];
      shared += e * e;
      double q = min + Math.rint((v[i] - min) / step) * step;
      uniform += (v[i] - q) * (v[i] - q);
    }
    assertThat(shared / n).isLessThanOrEqualTo(1.02 * uniform / n + 1e-12);
  }

  @Property(tries = 300)
  void hostilePayloadsFailOnlyWithCodecException(
      @ForAll @Size(max = 600) byte[] payload,
      @ForAll @IntRange(min = 1, max = 8) int bits,
      @ForAll @IntRange(min = 0, max = 2000) int len) {
    WeightSharing ws = WeightSharing.of(bits);
    try {
      ws.decode(new ByteReader(payload), new float[len], 0, len, new int[] {0, len});
    } catch (CodecException expected) {
      assertThat(expected.getMessage()).contains("weight sharing");
    }
  }

  @Property(tries = 100)
  void corruptedValidPayloadsDecodeOrFailWithCodecException(
      @ForAll @IntRange(min = 1, max = 8) int bits,
      @ForAll @IntRange(min = 1, max = 500) int len,
      @ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = KMeans1dTest.gaussian(len, seed);
    WeightSharing ws = WeightSharing.of(bits);
    ByteWriter out = new ByteWriter();
    ws.encode(v, 0, len, new int[] {0, len}, rng, out);
    byte[] p = out.toByteArray();
    for (int flips = 0; flips < 4; flips++) {
      p[rng.nextInt(p.length)] ^= (byte) (1 << rng.nextInt(8));
    }
    float[] d = new float[len];
    try {
      ws.decode(new ByteReader(p), d, 0, len, new int[] {0, len});
      for (float x : d) {
        assertThat(Float.isFinite(x)).isTrue();
      }
    } catch (CodecException expected) {
      assertThat(expected.getMessage()).contains("weight sharing");
    }
  }
}
