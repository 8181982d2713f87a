package io.fleetlearn.coordinator.fleet;

import java.util.List;

/**
 * One global model version and the variants published of it.
 *
 * @param trainingId the training
 * @param version the model version (0 is the initial model)
 * @param round the round that produced it (0 for the initial model)
 * @param createdMillis when it was stored
 * @param variants the variants published, widest first
 */
public record ModelView(
    String trainingId, long version, long round, long createdMillis, List<Variant> variants) {

  public ModelView {
    variants = List.copyOf(variants);
  }

  /**
   * One published variant.
   *
   * @param variant its name, the last segment of {@code model/{version}/{variant}}
   * @param widthPpm width in parts per million of the full model
   * @param parameters number of parameters
   * @param frameBytes the published frame's size
   * @param denseBytes the fp32 size of the same parameters
   * @param downloadPipeline how it was compressed
   */
  public record Variant(
      String variant,
      int widthPpm,
      long parameters,
      long frameBytes,
      long denseBytes,
      String downloadPipeline) {}
}
