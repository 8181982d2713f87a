package io.fleetlearn.coordinator.fleet;

import io.fleetlearn.protocol.message.TaskType;
import java.util.List;
import java.util.Map;

/**
 * One round as the API shows it: who took part, what arrived, what it cost on the wire and what it
 * achieved. Byte counts are MQTT payload bytes; the dense equivalents are what the same models and
 * updates weigh as fp32 without compression.
 *
 * @param trainingId the training
 * @param round the round number, from 1
 * @param type train or evaluate
 * @param state where it is
 * @param modelVersion the global model version the tasks start from
 * @param newModelVersion the version this round produced, or null (evaluation, open, abandoned)
 * @param openedMillis when the tasks went out, epoch milliseconds
 * @param deadlineMillis when the round closes at the latest
 * @param closedMillis when it closed, or null
 * @param assignments one per selected device
 * @param accepted updates (or evaluations) accepted
 * @param rejections rejected updates by reason (e.g. {@code shape}, {@code non-finite}, {@code
 *     norm}, {@code duplicate}, {@code round}, {@code frame}, {@code samples})
 * @param bytesDown model frame bytes published for this round (each variant once)
 * @param denseBytesDown the fp32 size of the same variants
 * @param bytesUp update bytes received
 * @param denseBytesUp the fp32 size of the accepted updates
 * @param aggregationMillis time from the last accepted update to the stored new model, or null
 * @param trainLoss sample-weighted mean training loss the devices reported, or null
 * @param evalLoss sample-weighted federated-evaluation loss, or null
 * @param evalAccuracy sample-weighted federated-evaluation accuracy, or null
 * @param samples total samples behind the accepted updates or evaluations
 */
public record RoundView(
    String trainingId,
    long round,
    TaskType type,
    RoundState state,
    long modelVersion,
    Long newModelVersion,
    long openedMillis,
    long deadlineMillis,
    Long closedMillis,
    List<Assignment> assignments,
    int accepted,
    Map<String, Integer> rejections,
    long bytesDown,
    long denseBytesDown,
    long bytesUp,
    long denseBytesUp,
    Double aggregationMillis,
    Double trainLoss,
    Double evalLoss,
    Double evalAccuracy,
    long samples) {

  public RoundView {
    assignments = List.copyOf(assignments);
    rejections = Map.copyOf(rejections);
  }
}
