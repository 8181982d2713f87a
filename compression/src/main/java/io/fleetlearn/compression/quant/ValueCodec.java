package io.fleetlearn.compression.quant;

import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.random.RandomGenerator;

/**
 * Encodes a run of float values: a dense tensor, or the kept values of a sparse one. The values are
 * split into consecutive groups, each with its own parameters (scale, zero point, codebook): one
 * group per output channel for per-channel schemes, one group for the whole run otherwise.
 *
 * <p>Groups are given as bounds relative to {@code off}: {@code bounds[0] == 0}, {@code bounds[g]
 * == len}, non-decreasing, {@code g >= 1}. A codec that is not {@link #perChannel()} is always
 * given {@code {0, len}}. The caller derives the bounds identically when encoding and decoding
 * (from the shape, or from the decoded indices of a sparse tensor), so they are not on the wire.
 *
 * <p>On the wire a codec is its {@linkplain #writeDescriptor descriptor} (a tag byte and its
 * parameters, read back by {@link ValueCodecs#readDescriptor}) followed by the payload that {@link
 * #encode} writes. {@link #toString()} is the codec's token in a pipeline name, and {@link
 * ValueCodecs#parse} reads it back.
 */
public interface ValueCodec {

  /** Writes the tag byte and the parameters a decoder needs. */
  void writeDescriptor(ByteWriter out);

  /** Whether groups follow output channels; when false, bounds are always {@code {0, len}}. */
  boolean perChannel();

  /**
   * Encodes {@code src[off, off+len)}. {@code rng} drives stochastic rounding where the codec has
   * it switched on, and is otherwise unused (it may then be null).
   */
  void encode(float[] src, int off, int len, int[] bounds, RandomGenerator rng, ByteWriter out);

  /**
   * Decodes {@code len} values into {@code dst[off, off+len)}. The input is untrusted: every length
   * is checked before reading, and a bad parameter (a negative or non-finite scale, an index past a
   * codebook) fails with a {@link io.fleetlearn.compression.CodecException} that names it.
   */
  void decode(ByteReader in, float[] dst, int off, int len, int[] bounds);

  /** The exact payload size {@link #encode} writes for {@code len} values in {@code groups}. */
  long payloadBytes(int len, int groups);
}
