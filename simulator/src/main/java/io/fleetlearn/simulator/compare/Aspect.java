package io.fleetlearn.simulator.compare;

import io.fleetlearn.simulator.run.Settings;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What a comparison varies, the rest of the settings held equal: the same fleet, data split and
 * seed. Each aspect makes a reference run and a candidate run from the base settings.
 */
public enum Aspect {
  /** Every byte as fp32 (reference) against the base run's pipelines (candidate). */
  COMPRESSION("uncompressed", "compressed"),
  /** Every device at full width (reference) against widths sized per device (candidate). */
  SIZING("full-width", "sized");

  /** The pipeline that sends every tensor as raw fp32: the uncompressed equivalent. */
  public static final String UNCOMPRESSED = "Fp32";

  private final String reference;
  private final String candidate;

  Aspect(String reference, String candidate) {
    this.reference = reference;
    this.candidate = candidate;
  }

  public String reference() {
    return reference;
  }

  public String candidate() {
    return candidate;
  }

  /** The reference and candidate runs of this aspect, from {@code base}. */
  public List<Variant> variants(Settings base) {
    return variants(base, OptionalInt.empty());
  }

  /**
   * The reference and candidate runs of this aspect, from {@code base}.
   *
   * @param sizedDeadlineSeconds the sized run's round deadline, if not the base run's: sizing fits
   *     widths to a deadline, so the sized run can be asked for shorter rounds than the full-width
   *     run, whose deadline every device meets at full width
   */
  public List<Variant> variants(Settings base, OptionalInt sizedDeadlineSeconds) {
    Settings.Training t = base.training();
    return switch (this) {
      case COMPRESSION ->
          List.of(
              new Variant(
                  reference, base.withTraining(t.withPipelines(UNCOMPRESSED, UNCOMPRESSED))),
              new Variant(candidate, base));
      case SIZING ->
          List.of(
              new Variant(reference, base.withTraining(t.withSizing(false))),
              new Variant(
                  candidate,
                  base.withTraining(
                      t.withSizing(true)
                          .withDeadline(sizedDeadlineSeconds.orElse(t.deadlineSeconds())))));
    };
  }

  /** {@code compression}, {@code sizing}, or {@code all} for both. */
  public static List<Aspect> parse(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "compression" -> List.of(COMPRESSION);
      case "sizing" -> List.of(SIZING);
      case "all" -> List.of(COMPRESSION, SIZING);
      default ->
          throw new IllegalArgumentException(
              "--compare '" + s + "': expected compression, sizing or all");
    };
  }
}
