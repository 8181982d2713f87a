package io.fleetlearn.compression.tensor;

/**
 * A fraction in [0, 1], held exactly in parts per million so that counts derived from it ("keep 1%
 * of 1,000,000", "ceil(0.5 * 7) units") are exact and agree between encoder, decoder and tests:
 * with doubles, {@code ceil(0.07 * 100)} is 8.
 *
 * @param ppm parts per million, in [0, 1_000_000]
 */
public record Ratio(int ppm) {
  public static final int ONE = 1_000_000;

  public Ratio {
    if (ppm < 0 || ppm > ONE) {
      throw new IllegalArgumentException("ratio (" + ppm + " ppm) must be in [0, " + ONE + "]");
    }
  }

  /** The nearest ratio to {@code fraction}, which must be in [0, 1]. */
  public static Ratio of(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("ratio (" + fraction + ") must be in [0, 1]");
    }
    return new Ratio((int) Math.round(fraction * ONE));
  }

  public static Ratio percent(double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percentage (" + percent + ") must be in [0, 100]");
    }
    return new Ratio((int) Math.round(percent * (ONE / 100)));
  }

  /** Parses {@code "1%"}, {@code "0.5%"} or {@code "0.25"}. */
  public static Ratio parse(String text) {
    String s = text.strip();
    try {
      if (s.endsWith("%")) {
        return percent(Double.parseDouble(s.substring(0, s.length() - 1).strip()));
      }
      return of(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "ratio '" + text + "' is neither a fraction like 0.25 nor a percentage like 1%");
    }
  }

  public double fraction() {
    return ppm / (double) ONE;
  }

  /** {@code ceil(ratio * n)}, exactly. */
  public int ceilOf(int n) {
    return (int) (((long) ppm * n + ONE - 1) / ONE);
  }

  /** {@code floor(ratio * n)}, exactly. */
  public int floorOf(int n) {
    return (int) ((long) ppm * n / ONE);
  }

  /** The readable form used in pipeline names: {@code 1%}, {@code 0.5%}, {@code 50%}. */
  @Override
  public String toString() {
    if (ppm % (ONE / 100) == 0) {
      return (ppm / (ONE / 100)) + "%";
    }
    return java.math.BigDecimal.valueOf(ppm, 4).stripTrailingZeros().toPlainString() + "%";
  }
}
