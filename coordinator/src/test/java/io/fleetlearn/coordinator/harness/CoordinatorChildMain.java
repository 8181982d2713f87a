package io.fleetlearn.coordinator.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.coordinator.CoordinatorVerticle;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.protocol.message.Optimizer;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The coordinator as {@code Main} runs it (configuration from the environment), for tests that kill
 * it with SIGKILL in a JVM of its own. It prints what a test needs to see on stdout, one line each:
 * {@code FLEET-EVENT <json>} for every event, and {@code COORDINATOR-UP <json>} once the verticle
 * has started (and so recovered), with the JVM's uptime, the running training's open round and all
 * its rounds so far. With {@code START_TRAINING=<spec>} and no training yet, it creates and starts
 * one (FedAvg, {@code DEVICES} devices, quorum 1, {@code ROUNDS} rounds, exact {@code Fp32}
 * downloads so a test can recompute the model, no sizing).
 */
public final class CoordinatorChildMain {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CoordinatorChildMain() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    CoordinatorVerticle coordinator = new CoordinatorVerticle();
    vertx.deployVerticle(coordinator).await();
    FleetService fleet = coordinator.fleet();
    fleet.subscribe(e -> print("FLEET-EVENT", e));
    String spec = System.getenv("START_TRAINING");
    List<TrainingView> trainings = fleet.trainings().await();
    if (spec != null && trainings.isEmpty()) {
      int devices = Integer.parseInt(System.getenv().getOrDefault("DEVICES", "3"));
      int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "1"));
      String id = fleet.createTraining(request(spec, devices, rounds)).await().id();
      fleet.startTraining(id).await();
      trainings = fleet.trainings().await();
    }
    Optional<TrainingView> running =
        trainings.stream().filter(t -> t.state() == TrainingState.RUNNING).findFirst();
    Optional<RoundView> open =
        running.isEmpty()
            ? Optional.empty()
            : fleet.round(running.get().id(), running.get().round()).await();
    // Every round so far too: the recovered round may already have closed, and the next one
    // opened, before this line is printed (and before the events it closed with are subscribed).
    List<RoundView> rounds =
        running.isEmpty() ? List.of() : fleet.rounds(running.get().id()).await();
    print(
        "COORDINATOR-UP",
        Map.of(
            "uptimeMillis",
            ManagementFactory.getRuntimeMXBean().getUptime(),
            "training",
            running.map(TrainingView::id).orElse(""),
            "round",
            open.map(r -> (Object) r).orElse("none"),
            "rounds",
            rounds));
  }

  private static void print(String tag, Object value) {
    try {
      String line = tag + " " + JSON.writeValueAsString(value);
      synchronized (System.out) {
        System.out.println(line);
        System.out.flush();
      }
    } catch (Exception e) {
      System.out.println(tag + " (unprintable: " + e + ")");
    }
  }

  private static TrainingRequest request(String spec, int devices, int rounds) {
    return new TrainingRequest(
        "crash-test",
        spec,
        "fedavg",
        Map.of(),
        rounds,
        1.0,
        devices,
        devices,
        1.0,
        300,
        1,
        32,
        0.05,
        Optimizer.SGD,
        0,
        0,
        Presets.UPLOAD,
        "Fp32",
        false,
        0,
        100_000,
        0,
        1);
  }
}
