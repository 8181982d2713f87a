package io.fleetlearn.coordinator.fleet;

/**
 * A training as the API shows it.
 *
 * @param id the training id (an {@link io.fleetlearn.protocol.topic.Ids} id)
 * @param request its settings
 * @param state where it is
 * @param round the last round opened, 0 before the first
 * @param modelVersion the current global model version (0 is the initial model)
 * @param createdMillis when it was created, epoch milliseconds
 * @param updatedMillis when its state last changed
 * @param accuracy the last federated-evaluation accuracy, or null before the first evaluation
 * @param loss the last federated-evaluation loss, or null
 * @param failure why it failed, or null
 */
public record TrainingView(
    String id,
    TrainingRequest request,
    TrainingState state,
    long round,
    long modelVersion,
    long createdMillis,
    long updatedMillis,
    Double accuracy,
    Double loss,
    String failure) {}
