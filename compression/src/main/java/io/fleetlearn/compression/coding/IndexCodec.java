package io.fleetlearn.compression.coding;

/**
 * Codes the positions kept by a sparse tensor: {@code count} strictly ascending ints in {@code [0,
 * size)}. Neither {@code count} nor {@code size} is written: the caller has them already (from the
 * tensor header) and has checked {@code count <= size} before decoding.
 *
 * <p>{@link #read} is given untrusted bytes: it checks every decoded index (strictly ascending,
 * below {@code size}, exactly {@code count} of them), checks the bytes it needs are there before
 * allocating, never allocates more than {@code count} ints, and fails only with a {@link
 * io.fleetlearn.compression.CodecException} naming the problem. {@link #toString()} is the codec's
 * token in a pipeline name; {@link IndexCoding#parse} reads it back.
 */
public interface IndexCodec {

  /** The tag byte {@link IndexCoding} writes before the payload. */
  int tag();

  /**
   * Writes the payload for {@code idx[0, count)}, which must be strictly ascending in [0, size).
   */
  void write(int[] idx, int count, int size, ByteWriter out);

  /** Reads back exactly {@code count} indices in [0, size). */
  int[] read(ByteReader in, int count, int size);

  /** The exact number of bytes {@link #write} writes for these indices. */
  long bytes(int[] idx, int count, int size);
}
