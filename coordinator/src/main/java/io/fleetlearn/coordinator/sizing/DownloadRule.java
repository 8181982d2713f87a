package io.fleetlearn.coordinator.sizing;

import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.tensor.Ratio;

/**
 * The {@code auto} download pipeline of a variant, from the slowest link among the devices that
 * fetch it: when the variant's dense fp32 size crosses that link in at most {@link #FAST_SHARE} of
 * the deadline, the link is fast and the model goes as per-channel int8 + zstd (no pruning: the
 * device starts from the exact weights, less the quantization); otherwise, or when a link is not
 * measured yet, it goes with the download preset (50% magnitude pruning + int8 + zstd 19, about 8
 * times smaller than fp32), at the variant's width either way.
 */
public final class DownloadRule {
  /** Share of the deadline a dense download may take on a link called fast. */
  public static final double FAST_SHARE = 0.02;

  /** The lighter pipeline for fast links. */
  public static final String LIGHT = "Int8(channel) + Zstd";

  private DownloadRule() {}

  /**
   * @param width the variant's width
   * @param denseBytes the variant's fp32 size
   * @param slowestLink the slowest measured link among its devices, bytes/s, or null if one of them
   *     is not measured
   * @param deadlineSeconds the round's deadline
   */
  public static Pipeline choose(
      Ratio width, long denseBytes, Double slowestLink, double deadlineSeconds) {
    boolean full = width.ppm() == Ratio.ONE;
    if (slowestLink != null
        && slowestLink > 0
        && denseBytes / slowestLink <= FAST_SHARE * deadlineSeconds) {
      Pipeline light = Pipeline.parse(LIGHT);
      return full ? light : light.withWidth(width);
    }
    return Presets.download(width);
  }

  /** A named pipeline (not {@code auto}) at the variant's width. */
  public static Pipeline named(String name, Ratio width) {
    Pipeline p = Presets.named(name);
    return width.ppm() == Ratio.ONE ? p.withWidth(null) : p.withWidth(width);
  }
}
