package io.fleetlearn.device.inference;

import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.Objects;

/**
 * A global model frame as the device accepted it, with what is needed to rebuild the network: the
 * task's spec and width. The frame is kept exactly as received (checksum included), so what is
 * loaded later is decoded and checked the same way as on arrival.
 *
 * @param spec the model spec's text form, e.g. {@code cnn}
 * @param width the width variant the frame holds
 * @param version the global model version
 * @param variant the variant name of the model topic
 * @param frame the model frame's bytes, not copied
 */
public record StoredModel(String spec, Ratio width, long version, String variant, byte[] frame) {
  public StoredModel {
    Objects.requireNonNull(spec, "spec");
    ModelSpec.parse(spec); // Refuse what could not be rebuilt, at save time rather than predict.
    Objects.requireNonNull(width, "width");
    if (version < 0) {
      throw new IllegalArgumentException("version (" + version + ") must be >= 0");
    }
    Objects.requireNonNull(variant, "variant");
    if (variant.isEmpty() || variant.length() > 64 || variant.contains("\n")) {
      throw new IllegalArgumentException("variant ('" + variant + "') must be 1..64 characters");
    }
    Objects.requireNonNull(frame, "frame");
  }

  /** The parsed spec. */
  public ModelSpec modelSpec() {
    return ModelSpec.parse(spec);
  }
}
