package io.fleetlearn.compression.entropy;

import io.fleetlearn.compression.CodecException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lookup of entropy codecs by tag (decoding) and by pipeline token (configuration). */
public final class EntropyCodecs {
  private static final Pattern LEVELLED = Pattern.compile("(Deflate|Zstd)\\((\\d{1,2})\\)");
  private static final String VALID = "Raw, Deflate, Deflate(1..9), Zstd, Zstd(1..22)";

  private EntropyCodecs() {}

  /**
   * The codec that decompresses bodies written with {@code tag}, whatever level they used; a {@link
   * CodecException} naming an unknown tag.
   */
  public static EntropyCodec read(byte tag) {
    return switch (tag) {
      case NoEntropy.TAG -> NoEntropy.INSTANCE;
      case Deflate.TAG -> new Deflate();
      case Zstd.TAG -> new Zstd();
      default ->
          throw new CodecException(
              "entropy codec tag ("
                  + (tag & 0xFF)
                  + ") is not one of 0 (Raw), 1 (Deflate), 2 (Zstd)");
    };
  }

  /**
   * Parses a token: {@code Raw}, {@code Deflate}, {@code Deflate(1..9)}, {@code Zstd}, {@code
   * Zstd(1..22)}.
   */
  public static EntropyCodec parse(String token) {
    String t = token.strip();
    switch (t) {
      case "Raw":
        return NoEntropy.INSTANCE;
      case "Deflate":
        return new Deflate();
      case "Zstd":
        return new Zstd();
      default:
        break;
    }
    Matcher m = LEVELLED.matcher(t);
    if (m.matches()) {
      int level = Integer.parseInt(m.group(2));
      try {
        return m.group(1).equals("Deflate") ? new Deflate(level) : new Zstd(level);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "entropy codec '" + token + "': " + e.getMessage() + "; valid: " + VALID, e);
      }
    }
    throw new IllegalArgumentException("entropy codec '" + token + "' is not one of " + VALID);
  }

  /** One codec per tag, at the default level. */
  public static List<EntropyCodec> all() {
    return List.of(NoEntropy.INSTANCE, new Deflate(), new Zstd());
  }

  /** The codec presets use unless told otherwise (see {@code docs/entropy-choice.md}). */
  public static EntropyCodec defaultCodec() {
    return new Zstd();
  }
}
