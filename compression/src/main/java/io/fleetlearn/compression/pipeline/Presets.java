package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.tensor.Ratio;

/**
 * Named pipelines. Upload: what a device sends back, where the link is slowest and the update most
 * compressible. Download: what the coordinator sends, where the model must keep its accuracy and
 * fit the device.
 */
public final class Presets {
  /**
   * Top-2% sparsification over the whole update (one threshold for all tensors) with error
   * feedback, 4-bit values, Rice-coded indices, zstd: zstd compresses 7 to 20 times faster than
   * Deflate at the same size (docs/entropy-choice.md). One global threshold lets the layers whose
   * update is largest take more of the budget: on a CNN update it leaves about 30% less error than
   * top-1% per tensor at about 1.6 times the bytes (docs/compression.md, "Presets").
   */
  public static final String UPLOAD = "TopK(2%, global) + ErrorFeedback + Int4 + Rice + Zstd";

  /**
   * 8-bit quantization with one scale per tensor, zstd at level 19: a model is compressed once per
   * variant and decoded by every device, so the slow level pays. One scale per tensor leaves the
   * values fewer distinct codes than one per channel, which zstd turns into 5.2 times smaller than
   * fp32 on a trained CNN (4.2 per channel) at a relative error of 0.017 (0.008 per channel). No
   * pruning: a device sends the difference to the model it received, so weights pruned from that
   * model come back in the update as if they had grown from zero and are counted twice in the dense
   * global model (docs/compression.md, "Presets").
   */
  public static final String DOWNLOAD = "Int8 + Zstd(19)";

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
