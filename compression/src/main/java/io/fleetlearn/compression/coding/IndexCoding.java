package io.fleetlearn.compression.coding;

import io.fleetlearn.compression.CodecException;
import java.util.List;

/**
 * Writes and reads a sparse tensor's indices as a tag byte then the chosen {@link IndexCodec}'s
 * payload. Unless a codec is forced, the one with the smallest exact size is chosen (ties go to the
 * lower tag, the faster decoder), so the choice follows the data: for uniformly scattered sets Rice
 * is smallest up to about 40% density and the bitmap above; delta varints win when kept positions
 * come in runs separated by long jumps (whole rows or channels), where no single Rice parameter
 * fits. Choosing costs a few passes over the indices per codec.
 */
public final class IndexCoding {
  private static final List<IndexCodec> CODECS =
      List.of(BitmapIndexCodec.INSTANCE, DeltaVarintIndexCodec.INSTANCE, RiceIndexCodec.INSTANCE);

  private IndexCoding() {}

  /** The codecs, in tag order. */
  public static List<IndexCodec> codecs() {
    return CODECS;
  }

  /** The codec with this tag; a {@link CodecException} naming it otherwise. */
  public static IndexCodec forTag(int tag) {
    for (IndexCodec c : CODECS) {
      if (c.tag() == tag) {
        return c;
      }
    }
    throw new CodecException(
        "index codec tag (" + tag + ") is not one of 1 (Bitmap), 2 (Varint), 3 (Rice)");
  }

  /** The codec for a pipeline token: {@code Bitmap}, {@code Varint} or {@code Rice}. */
  public static IndexCodec parse(String token) {
    String t = token.strip();
    for (IndexCodec c : CODECS) {
      if (c.toString().equals(t)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "index codec '" + token + "' is not one of Bitmap, Varint, Rice");
  }

  /** The smallest codec for these indices. */
  public static IndexCodec choose(int[] idx, int count, int size) {
    IndexCodec best = null;
    long bestBytes = Long.MAX_VALUE;
    for (IndexCodec c : CODECS) {
      long b = c.bytes(idx, count, size);
      if (b < bestBytes) {
        best = c;
        bestBytes = b;
      }
    }
    return best;
  }

  /** Writes the tag of {@code forced} (or of the smallest codec when null) and the payload. */
  public static void write(int[] idx, int count, int size, IndexCodec forced, ByteWriter out) {
    IndexCodec c = forced != null ? forced : choose(idx, count, size);
    out.u8(c.tag());
    c.write(idx, count, size, out);
  }

  /** Reads a tag and the payload of exactly {@code count} indices in {@code [0, size)}. */
  public static int[] read(ByteReader in, int count, int size) {
    return forTag(in.u8("index codec tag")).read(in, count, size);
  }

  /** The exact bytes {@link #write} writes, tag included. */
  public static long bytes(int[] idx, int count, int size, IndexCodec forced) {
    IndexCodec c = forced != null ? forced : choose(idx, count, size);
    return 1 + c.bytes(idx, count, size);
  }
}
