package io.fleetlearn.compression.quant;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.sharing.WeightSharing;

/**
 * The registry of value codecs: reads a codec back from its wire descriptor or from its token in a
 * pipeline name. A new codec gets a new tag here; tags are never reused, so old frames keep
 * decoding.
 */
public final class ValueCodecs {
  private static final String TOKENS =
      "Fp32, Fp16, Int8, Int4, Int2 (options in order: sym, channel, stochastic; e.g."
          + " Int8(sym, channel)), Ternary, Ternary(0.7), KMeans(bits)";

  private ValueCodecs() {}

  /** Reads a descriptor (tag byte and parameters) written by {@link ValueCodec#writeDescriptor}. */
  public static ValueCodec readDescriptor(ByteReader in) {
    int tag = in.u8("value codec tag");
    if (tag == Fp32.TAG) {
      return Fp32.INSTANCE;
    } else if (tag == Fp16.TAG) {
      return Fp16.INSTANCE;
    } else if (tag == AffineQuantizer.TAG) {
      return AffineQuantizer.fromDescriptor(in);
    } else if (tag == Ternary.TAG) {
      return Ternary.fromDescriptor(in);
    } else if (tag == WeightSharing.TAG) {
      return WeightSharing.fromDescriptor(in);
    }
    throw new CodecException(
        "value codec tag "
            + tag
            + " is unknown (known: 1 Fp32, 2 Fp16, 3 affine, 4 ternary, 5 KMeans)");
  }

  /** Parses a token such as {@code Int4(stochastic)}; the inverse of {@code toString()}. */
  public static ValueCodec parse(String token) {
    String t = token.strip();
    int p = t.indexOf('(');
    String head = p < 0 ? t : t.substring(0, p).strip();
    return switch (head) {
      case "Fp32" -> exact(t, Fp32.INSTANCE);
      case "Fp16" -> exact(t, Fp16.INSTANCE);
      case "Int8", "Int4", "Int2" -> AffineQuantizer.parse(t);
      case "Ternary" -> Ternary.parse(t);
      case "KMeans" -> WeightSharing.parse(t);
      default ->
          throw new IllegalArgumentException(
              "'" + token + "' is not a value codec; known: " + TOKENS);
    };
  }

  private static ValueCodec exact(String token, ValueCodec codec) {
    if (!token.equals(codec.toString())) {
      throw new IllegalArgumentException(codec + " takes no arguments, got '" + token + "'");
    }
    return codec;
  }
}
