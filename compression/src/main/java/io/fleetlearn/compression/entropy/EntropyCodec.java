package io.fleetlearn.compression.entropy;

/**
 * A lossless byte-level compressor for an encoded body. On the wire the stage is its {@link #tag()}
 * byte (the frame also records the raw length); {@link EntropyCodecs#read} maps the tag back to a
 * codec able to decompress whatever level it was written with. {@link #toString()} is the token in
 * a pipeline name, read back by {@link EntropyCodecs#parse}.
 */
public interface EntropyCodec {

  /** The tag byte written in the frame. */
  byte tag();

  /** Compresses {@code src[off, off+len)} into a new array. */
  byte[] compress(byte[] src, int off, int len);

  /**
   * Decompresses {@code src[off, off+len)}, which is untrusted, into exactly {@code rawLength}
   * bytes. {@code rawLength} has been bounded by the caller; no more than that (plus a small
   * constant) is ever allocated. Corrupt input, input that expands to more or fewer than {@code
   * rawLength} bytes, or trailing bytes fail with a {@link
   * io.fleetlearn.compression.CodecException} naming the stage.
   */
  byte[] decompress(byte[] src, int off, int len, int rawLength);
}
