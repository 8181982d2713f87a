package io.fleetlearn.coordinator.bench;

import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.coordinator.CoordinatorVerticle;
import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.harness.SimulatedDevice;
import io.fleetlearn.coordinator.harness.UpdateFrames;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.testsupport.net.FreePorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;

/**
 * The measured phase: the real coordinator (embedded broker, authentication on, RocksDB, the
 * engine) runs a FedAvg training; every round, each simulated device publishes one pre-encoded
 * upload-preset frame at the same moment, and the burst ends when the engine has accepted the last
 * of them.
 */
final class CoordinatorIngest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** Everything the phase measured. */
  record Result(
      PhaseResult ingest, List<Double> aggregationMillis, Map<String, Integer> rejected) {}

  private record Accepted(long round, long nanos) {}

  private CoordinatorIngest() {}

  static Result run(BenchBroker.Kind kind, String fleet, String spec, int devices, int rounds)
      throws Exception {
    BenchBroker external =
        kind == BenchBroker.Kind.MOSQUITTO ? BenchBroker.start(kind, fleet, devices) : null;
    int port = external != null ? external.port() : FreePorts.next();
    Vertx vertx = Vertx.vertx();
    JsonObject config =
        BenchBroker.coordinatorConfig(
            kind, fleet, port, Files.createTempDirectory("bench-coordinator"));
    CoordinatorVerticle coordinator = new CoordinatorVerticle();
    vertx.deployVerticle(coordinator, new DeploymentOptions().setConfig(config)).await();
    FleetService fleetService = coordinator.fleet();
    ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    Map<String, Integer> rejected = new ConcurrentHashMap<>();
    Map<Long, RoundView> closed = new ConcurrentHashMap<>();
    AutoCloseable events =
        fleetService.subscribe(
            e -> {
              if (e.data() instanceof FleetEvent.UpdateEvent u) {
                if (u.accepted()) {
                  accepted.add(new Accepted(u.round(), System.nanoTime()));
                } else {
                  rejected.merge(u.reason(), 1, Integer::sum);
                }
              } else if (e.data() instanceof RoundView r
                  && (r.state() == RoundState.CLOSED || r.state() == RoundState.ABANDONED)) {
                closed.put(r.round(), r);
              }
            });
    List<Burst> bursts = new ArrayList<>();
    List<Double> aggregation = new ArrayList<>();
    try (DevicePool pool = new DevicePool("tcp://127.0.0.1:" + port, fleet, devices)) {
      for (SimulatedDevice d : pool.devices()) {
        d.publishStatus();
      }
      Awaitility.await("all devices online in the registry")
          .atMost(WAIT)
          .until(
              () ->
                  fleetService.devices().await().stream().filter(v -> v.online()).count()
                      >= devices);
      String id = fleetService.createTraining(request(spec, devices, rounds)).await().id();
      fleetService.startTraining(id).await();
      for (int r = 1; r <= rounds; r++) {
        List<byte[]> frames = new ArrayList<>();
        for (SimulatedDevice d : pool.devices()) {
          TaskMessage task = d.awaitTask(r, WAIT);
          frames.add(
              UpdateFrames.encode(
                  task, d.id(), UpdateFrames.delta(task, r * 1000L + frames.size()), 600, r));
        }
        final long round = r;
        long start = System.nanoTime();
        pool.publishAll(frames);
        Awaitility.await("round " + r + " closed")
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(5))
            .until(() -> closed.containsKey(round));
        long end =
            accepted.stream()
                .filter(a -> a.round() == round)
                .mapToLong(Accepted::nanos)
                .max()
                .orElseThrow(() -> new IllegalStateException("round " + round + " accepted none"));
        int count = (int) accepted.stream().filter(a -> a.round() == round).count();
        bursts.add(new Burst(count, start, end));
        RoundView view = closed.get(round);
        if (view.aggregationMillis() != null) {
          aggregation.add(view.aggregationMillis());
        }
      }
    } finally {
      events.close();
      vertx.close().await();
      if (external != null) {
        external.close();
      }
    }
    return new Result(
        new PhaseResult("coordinator ingest (" + kind.label + ")", bursts),
        aggregation,
        Map.copyOf(rejected));
  }

  private static TrainingRequest request(String spec, int devices, int rounds) {
    return new TrainingRequest(
        "ingest-bench",
        spec,
        "fedavg",
        Map.of(),
        rounds,
        1.0,
        devices,
        devices,
        1.0,
        600,
        1,
        32,
        0.05,
        Optimizer.SGD,
        0,
        0,
        Presets.UPLOAD,
        Presets.DOWNLOAD,
        false,
        0,
        100_000,
        0,
        1);
  }
}
