package io.fleetlearn.compression.coding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fleetlearn.compression.CodecException;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class IndexCodingProperties {

  /** A sorted index set with its tensor size. */
  record Sparse(int[] idx, int size) {
    int count() {
      return idx.length;
    }

    @Override
    public String toString() {
      return "Sparse(count=" + idx.length + ", size=" + size + ")";
    }
  }

  @Provide
  Arbitrary<Sparse> sparse() {
    Arbitrary<Integer> sizes =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 64)),
            net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 200_000)));
    // Densities from all to none, weighted towards the sparse end where Rice and varints compete.
    Arbitrary<Double> densities =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, Arbitraries.just(0.0)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(1.0)),
            net.jqwik.api.Tuple.of(
                6, Arbitraries.doubles().between(-4.5, 0).map(e -> Math.pow(10, e))));
    Arbitrary<Boolean> clustered = Arbitraries.of(false, true);
    return Combinators.combine(sizes, densities, clustered, Arbitraries.longs())
        .as(IndexCodingProperties::make);
  }

  private static Sparse make(int size, double density, boolean clustered, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] buf = new int[size];
    int n = 0;
    if (!clustered) {
      for (int i = 0; i < size; i++) {
        if (rnd.nextDouble() < density) {
          buf[n++] = i;
        }
      }
    } else {
      // Runs of consecutive positions separated by long jumps, like top-k over whole rows.
      int i = 0;
      while (i < size) {
        if (rnd.nextDouble() < density) {
          int run = 1 + rnd.nextInt(64);
          for (int j = 0; j < run && i < size; j++) {
            buf[n++] = i++;
          }
        }
        i += 1 + rnd.nextInt(1 + (int) Math.min(size, 1 / Math.max(density, 1e-6)));
      }
    }
    return new Sparse(Arrays.copyOf(buf, n), size);
  }

  @Property(tries = 150)
  void everyCodecRoundTripsWithExactlyItsDeclaredSize(@ForAll("sparse") Sparse s) {
    for (IndexCodec c : IndexCoding.codecs()) {
      ByteWriter out = new ByteWriter();
      c.write(s.idx(), s.count(), s.size(), out);
      assertThat((long) out.position())
          .as("%s size", c)
          .isEqualTo(c.bytes(s.idx(), s.count(), s.size()));
      ByteReader in = new ByteReader(out.toByteArray());
      assertThat(c.read(in, s.count(), s.size())).as("%s", c).isEqualTo(s.idx());
      in.expectEnd(c.toString());
    }
  }

  @Property(tries = 150)
  void automaticChoiceIsTheSmallestCodecAndRoundTrips(@ForAll("sparse") Sparse s) {
    long smallest = Long.MAX_VALUE;
    for (IndexCodec c : IndexCoding.codecs()) {
      smallest = Math.min(smallest, c.bytes(s.idx(), s.count(), s.size()));
    }
    ByteWriter out = new ByteWriter();
    IndexCoding.write(s.idx(), s.count(), s.size(), null, out);
    assertThat((long) out.position()).isEqualTo(1 + smallest);
    assertThat(IndexCoding.bytes(s.idx(), s.count(), s.size(), null)).isEqualTo(1 + smallest);
    ByteReader in = new ByteReader(out.toByteArray());
    assertThat(IndexCoding.read(in, s.count(), s.size())).isEqualTo(s.idx());
    in.expectEnd("indices");
  }

  @Property(tries = 150)
  void forcedCodecWritesItsTag(
      @ForAll("sparse") Sparse s, @ForAll @IntRange(min = 1, max = 3) int tag) {
    IndexCodec c = IndexCoding.forTag(tag);
    ByteWriter out = new ByteWriter();
    IndexCoding.write(s.idx(), s.count(), s.size(), c, out);
    assertThat(out.array()[0]).isEqualTo((byte) tag);
    assertThat((long) out.position()).isEqualTo(IndexCoding.bytes(s.idx(), s.count(), s.size(), c));
  }

  @Property(tries = 150)
  void truncatedEncodingsFailWithCodecException(
      @ForAll("sparse") Sparse s, @ForAll @IntRange(min = 1, max = 3) int tag, @ForAll long seed) {
    ByteWriter out = new ByteWriter();
    IndexCoding.write(s.idx(), s.count(), s.size(), IndexCoding.forTag(tag), out);
    byte[] full = out.toByteArray();
    int cut = new SplittableRandom(seed).nextInt(full.length);
    ByteReader in = new ByteReader(Arrays.copyOf(full, cut));
    // A varint or Rice set with nothing in it has no payload to cut; everything else is needed.
    assertThatThrownBy(() -> IndexCoding.read(in, s.count(), s.size()))
        .isInstanceOf(CodecException.class);
  }

  @Property(tries = 300)
  void randomBytesEitherFailWithCodecExceptionOrDecodeAValidSet(
      @ForAll @Size(max = 300) byte[] body,
      @ForAll @IntRange(min = 1, max = 3) int tag,
      @ForAll @IntRange(min = 0, max = 5000) int size,
      @ForAll @IntRange(min = 0, max = 5000) int count) {
    int c = Math.min(count, size);
    byte[] framed = new byte[body.length + 1];
    framed[0] = (byte) tag;
    System.arraycopy(body, 0, framed, 1, body.length);
    checkHostile(framed, c, size);
  }

  @Property(tries = 300)
  void corruptedEncodingsEitherFailWithCodecExceptionOrDecodeAValidSet(
      @ForAll("sparse") Sparse s, @ForAll @IntRange(min = 1, max = 3) int tag, @ForAll long seed) {
    ByteWriter out = new ByteWriter();
    IndexCoding.write(s.idx(), s.count(), s.size(), IndexCoding.forTag(tag), out);
    byte[] bytes = out.toByteArray();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 3; i++) {
      // Keep the tag most of the time so the payload decoder is the one under attack.
      int at = bytes.length == 1 ? 0 : 1 + rnd.nextInt(bytes.length - 1);
      bytes[at] ^= (byte) (1 << rnd.nextInt(8));
    }
    checkHostile(bytes, s.count(), s.size());
  }

  private static void checkHostile(byte[] bytes, int count, int size) {
    int[][] decoded = new int[1][];
    Throwable t =
        catchThrowable(() -> decoded[0] = IndexCoding.read(new ByteReader(bytes), count, size));
    if (t != null) {
      assertThat(t).isInstanceOf(CodecException.class);
      assertThat(t.getMessage()).isNotBlank();
      return;
    }
    int[] idx = decoded[0];
    assertThat(idx).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(idx[i]).isBetween(i == 0 ? 0 : idx[i - 1] + 1, size - 1);
    }
  }
}
