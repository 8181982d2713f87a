package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.frame.FrameKind;
import java.util.Map;

/**
 * The header fields of a frame that the caller decides; the tensor list and the pipeline name come
 * from the encode.
 */
public record FrameMeta(
    FrameKind kind, long round, long modelVersion, String variant, Map<String, String> attributes) {
  public FrameMeta {
    attributes = Map.copyOf(attributes);
  }

  public static FrameMeta model(long modelVersion, String variant) {
    return new FrameMeta(FrameKind.MODEL, 0, modelVersion, variant, Map.of());
  }

  public static FrameMeta update(long round, long modelVersion, Map<String, String> attributes) {
    return new FrameMeta(FrameKind.UPDATE, round, modelVersion, "", attributes);
  }
}
