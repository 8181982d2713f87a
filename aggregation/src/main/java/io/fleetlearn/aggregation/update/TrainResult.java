package io.fleetlearn.aggregation.update;

import io.fleetlearn.compression.tensor.Ratio;
import java.util.Map;
import java.util.Objects;

/**
 * What one device returned from a training round.
 *
 * @param deviceId who trained
 * @param round the round the device trained for
 * @param baseVersion the global model version the device started from (staleness is measured
 *     against it)
 * @param samples the number of local examples the device claims it trained on; aggregators validate
 *     and cap it ({@link io.fleetlearn.aggregation.strategy.SamplePolicy})
 * @param width the width variant the device trained ({@link Ratio#ONE} ppm for the full model)
 * @param delta local model minus the model the device received, in the variant's layout
 * @param metrics what the device reports (loss, accuracy, seconds), for logs and charts only
 */
public record TrainResult(
    String deviceId,
    long round,
    long baseVersion,
    long samples,
    Ratio width,
    UpdateData delta,
    Map<String, Double> metrics) {

  public TrainResult {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(width, "width");
    Objects.requireNonNull(delta, "delta");
    metrics = Map.copyOf(metrics);
    if (samples < 0) {
      throw new IllegalArgumentException("samples (" + samples + ") must be >= 0");
    }
  }

  /** A full-width result with no metrics, as tests and the simulator build them. */
  public static TrainResult of(String deviceId, long round, long samples, UpdateData delta) {
    return new TrainResult(deviceId, round, round, samples, new Ratio(Ratio.ONE), delta, Map.of());
  }

  public boolean fullWidth() {
    return width.ppm() == Ratio.ONE;
  }
}
