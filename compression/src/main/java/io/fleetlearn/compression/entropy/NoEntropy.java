package io.fleetlearn.compression.entropy;

import io.fleetlearn.compression.CodecException;
import java.util.Arrays;

/** No entropy stage: the body is stored as is (a copy). Token {@code Raw}, tag 0. */
public record NoEntropy() implements EntropyCodec {
  public static final NoEntropy INSTANCE = new NoEntropy();
  public static final byte TAG = 0;

  @Override
  public byte tag() {
    return TAG;
  }

  @Override
  public byte[] compress(byte[] src, int off, int len) {
    return Arrays.copyOfRange(src, off, off + len);
  }

  @Override
  public byte[] decompress(byte[] src, int off, int len, int rawLength) {
    if (len != rawLength) {
      throw new CodecException(
          "Raw entropy stage: body is " + len + " bytes but its raw length is " + rawLength);
    }
    return Arrays.copyOfRange(src, off, off + len);
  }

  @Override
  public String toString() {
    return "Raw";
  }
}
