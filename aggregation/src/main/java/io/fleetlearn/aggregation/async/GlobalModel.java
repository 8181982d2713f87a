package io.fleetlearn.aggregation.async;

import io.fleetlearn.compression.tensor.Model;
import java.util.Objects;

/**
 * A published global model and its version. An aggregator never modifies a model it has published;
 * each new version is a new {@link Model}.
 *
 * @param version increases by one with every publication; devices report it back as {@link
 *     io.fleetlearn.aggregation.update.TrainResult#baseVersion()} so that staleness can be measured
 * @param model the parameters
 */
public record GlobalModel(long version, Model model) {
  public GlobalModel {
    Objects.requireNonNull(model, "model");
    if (version < 0) {
      throw new IllegalArgumentException("version (" + version + ") must be >= 0");
    }
  }
}
