package io.fleetlearn.aggregation.strategy;

import java.util.Map;
import java.util.Objects;

/**
 * What a strategy asks of one device in a round: settings the device applies to its local training
 * or evaluation, such as {@code proximalMu} for FedProx, {@code epochs}, {@code learningRate}. The
 * coordinator adds the variant and pipelines it sizes for the device.
 *
 * @param deviceId the device
 * @param config settings, as strings so that they travel in the task message unchanged
 */
public record TrainTask(String deviceId, Map<String, String> config) {
  public TrainTask {
    Objects.requireNonNull(deviceId, "deviceId");
    config = Map.copyOf(config);
  }
}
