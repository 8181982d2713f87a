package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.tensor.Ratio;

/**
 * Named pipelines. Upload: what a device sends back, where the link is slowest and the update most
 * compressible. Download: what the coordinator sends, where the model must keep its accuracy and
 * fit the device.
 */
public final class Presets {
  /**
   * Top-1% sparsification with error feedback, 4-bit values, Rice-coded indices, zstd: zstd
   * compresses 7 to 20 times faster than Deflate at the same size (docs/entropy-choice.md).
   */
  public static final String UPLOAD = "TopK(1%) + ErrorFeedback + Int4 + Rice + Zstd";

  /**
   * 50% magnitude pruning of the weights, per-channel int8, zstd at level 19: a model is compressed
   * once per variant and decoded by every device, so the slow level pays (about 12% smaller than
   * level 3 on pruned int8, and decoding is as fast).
   */
  public static final String DOWNLOAD = "Prune(50%) + Int8(channel) + Zstd(19)";

  private Presets() {}

  public static Pipeline upload() {
    return Pipeline.parse(UPLOAD);
  }

  /** The download preset at full width. */
  public static Pipeline download() {
    return Pipeline.parse(DOWNLOAD);
  }

  /** The download preset for a device given a width variant. */
  public static Pipeline download(Ratio width) {
    return download().withWidth(width.ppm() == Ratio.ONE ? null : width);
  }

  /** A preset by name ({@code upload}, {@code download}) or any pipeline name. */
  public static Pipeline named(String nameOrPipeline) {
    return switch (nameOrPipeline.strip()) {
      case "upload" -> upload();
      case "download" -> download();
      default -> Pipeline.parse(nameOrPipeline);
    };
  }
}
