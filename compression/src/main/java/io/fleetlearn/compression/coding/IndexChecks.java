package io.fleetlearn.compression.coding;

import io.fleetlearn.compression.CodecException;

/** Argument checks shared by the index codecs. */
final class IndexChecks {
  private IndexChecks() {}

  /** Encoder side: the caller's indices must be a valid sorted set (a programming error if not). */
  static void checkSorted(int[] idx, int count, int size) {
    if (size < 0 || count < 0 || count > size || count > idx.length) {
      throw new IllegalArgumentException(
          "count ("
              + count
              + ") must be in [0, min(size "
              + size
              + ", array length "
              + idx.length
              + ")]");
    }
    int prev = -1;
    for (int i = 0; i < count; i++) {
      int v = idx[i];
      if (v <= prev || v >= size) {
        throw new IllegalArgumentException(
            "index "
                + i
                + " ("
                + v
                + ") must be above the previous ("
                + prev
                + ") and below the size "
                + size);
      }
      prev = v;
    }
  }

  /** Decoder side: count and size come from a checked header, but stay defensive. */
  static void checkHeader(int count, int size, String codec) {
    if (size < 0 || count < 0 || count > size) {
      throw new CodecException(
          codec + " index count (" + count + ") must be in [0, tensor size " + size + "]");
    }
  }

  static CodecException pastSize(String codec, int i, int count, long index, int size) {
    return new CodecException(
        codec
            + " index "
            + i
            + " of "
            + count
            + " ("
            + index
            + ") is past the tensor size "
            + size);
  }
}
