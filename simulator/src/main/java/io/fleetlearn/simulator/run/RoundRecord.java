package io.fleetlearn.simulator.run;

import java.util.Map;

/**
 * One round as the reports show it.
 *
 * @param round the round number (0 is the initial model, before any training)
 * @param state the coordinator's round state ({@code INITIAL} for round 0)
 * @param accuracy test-set accuracy of the global model after the round
 * @param loss test-set loss (mean cross-entropy) of that model
 * @param trainLoss the sample-weighted training loss the devices reported, or NaN
 * @param bytesDown model frame bytes published (each variant once)
 * @param denseBytesDown the same variants as uncompressed fp32
 * @param bytesUp update bytes received
 * @param denseBytesUp the accepted updates as uncompressed fp32
 * @param selected devices given a task
 * @param participants devices whose update was accepted
 * @param declined devices that declined (battery, busy, ...)
 * @param missed devices whose update did not arrive in time
 * @param dropouts emulated dropouts while the round was open
 * @param widths devices per assigned width ({@code "1.00"}, {@code "0.50"}, ...)
 * @param roundSeconds from the tasks going out to the round closing
 * @param elapsedSeconds from the training's start to the round closing (0 for round 0)
 */
public record RoundRecord(
    long round,
    String state,
    double accuracy,
    double loss,
    double trainLoss,
    long bytesDown,
    long denseBytesDown,
    long bytesUp,
    long denseBytesUp,
    int selected,
    int participants,
    int declined,
    int missed,
    int dropouts,
    Map<String, Integer> widths,
    double roundSeconds,
    double elapsedSeconds) {

  public RoundRecord {
    widths = Map.copyOf(widths);
  }
}
