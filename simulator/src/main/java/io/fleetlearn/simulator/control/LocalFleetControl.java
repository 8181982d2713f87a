package io.fleetlearn.simulator.control;

import io.fleetlearn.coordinator.fleet.DeviceView;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The {@link FleetService} of a coordinator deployed in this JVM. Its futures complete on the
 * coordinator's event loop; this class waits for them on the simulation's thread.
 */
public final class LocalFleetControl implements FleetControl {
  private static final long TIMEOUT_SECONDS = 60;

  private final FleetService service;
  private final String dashboard;

  public LocalFleetControl(FleetService service, String dashboard) {
    this.service = service;
    this.dashboard = dashboard;
  }

  @Override
  public String location() {
    return "in-process";
  }

  @Override
  public String dashboard() {
    return dashboard;
  }

  @Override
  public void check(boolean writes, Duration wait) {
    // The coordinator was just deployed by the caller, with the caller's own credentials.
  }

  @Override
  public TrainingView createTraining(TrainingRequest request) {
    return await(service.createTraining(request));
  }

  @Override
  public TrainingView startTraining(String trainingId) {
    return await(service.startTraining(trainingId));
  }

  @Override
  public TrainingView training(String trainingId) {
    return await(service.training(trainingId))
        .orElseThrow(() -> new FleetControlException("training " + trainingId + " does not exist"));
  }

  @Override
  public List<TrainingView> trainings() {
    return await(service.trainings());
  }

  @Override
  public Optional<RoundView> round(String trainingId, long round) {
    return await(service.round(trainingId, round));
  }

  @Override
  public List<ModelView> models(String trainingId) {
    return await(service.models(trainingId));
  }

  @Override
  public byte[] globalModel(String trainingId, long version) {
    return await(service.modelFrame(trainingId, version, FleetService.GLOBAL_VARIANT))
        .orElseThrow(() -> new FleetControlException("global model " + version + " is not stored"));
  }

  @Override
  public Set<String> onlineDevices() {
    return await(service.devices()).stream()
        .filter(DeviceView::online)
        .map(DeviceView::deviceId)
        .collect(Collectors.toSet());
  }

  @Override
  public void close() {
    // The coordinator belongs to whoever deployed it.
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new FleetControlException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new FleetControlException(
          "the coordinator did not answer within " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetControlException("interrupted while waiting for the coordinator", e);
    }
  }
}
