package io.fleetlearn.simulator.run;

import io.fleetlearn.coordinator.CoordinatorVerticle;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.coordinator.mqtt.TopicAcl;
import io.fleetlearn.device.data.IdxReader;
import io.fleetlearn.device.train.Evaluation;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.simulator.bus.Access;
import io.fleetlearn.simulator.bus.LocalBroker;
import io.fleetlearn.simulator.bus.LocalCoordinatorLink;
import io.fleetlearn.simulator.data.FashionMnist;
import io.fleetlearn.simulator.device.VirtualDevice;
import io.fleetlearn.simulator.fleet.FleetMember;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one simulation end to end: a fresh run folder, the real {@link CoordinatorVerticle} on
 * Vert.x with its embedded broker and credentials made for this run (not demo mode), the virtual
 * fleet over real MQTT (or both on the in-process {@link LocalBroker}), one training created and
 * started through {@link FleetService}, and every new global model evaluated on the test set as its
 * round closes.
 */
public final class Simulation {
  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
  static final String FLEET = "sim";
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration CONNECT_PER_DEVICE = Duration.ofMillis(20);
  // The coordinator's MQTT user name (MQTT_USERNAME's default), for the topic rules.
  private static final String COORDINATOR_USER = "coordinator";

  private final Settings settings;
  private final ProgressListener progress;

  public Simulation(Settings settings, ProgressListener progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Runs to the end of the training; the coordinator and fleet are stopped on return. */
  public Outcome run() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    List<FleetMember> members = settings.fleet().members();
    ModelSpec spec = ModelSpec.parse(settings.training().spec());
    Path run = RunSetup.runFolder(settings.out());
    FashionMnist data = FashionMnist.load(settings.data(), settings.fullData());
    Path testImages = run.resolve("test-images.idx");
    Path testLabels = run.resolve("test-labels.idx");
    data.test().write(testImages, testLabels);
    Credentials creds = Credentials.generate(run);
    int mqttPort = RunSetup.freePort();
    Settings.Scale scale = settings.scale();
    // In process: the same coordinator and clients, on the bus instead of HiveMQ and Paho, with
    // the embedded broker's topic rules.
    TopicAcl acl = new TopicAcl(Topics.of(FLEET), COORDINATOR_USER);
    LocalBroker bus =
        scale.transport() == TransportKind.IN_PROCESS
            ? new LocalBroker(Access.of(acl::mayPublish, acl::maySubscribe))
            : null;
    Vertx vertx = Vertx.vertx();
    CoordinatorVerticle coordinator =
        bus == null
            ? new CoordinatorVerticle()
            : new CoordinatorVerticle(LocalCoordinatorLink.factory(bus));
    try {
      await(
          vertx.deployVerticle(
              coordinator,
              new DeploymentOptions()
                  .setConfig(RunSetup.coordinatorConfig(run, FLEET, mqttPort, creds))));
      VirtualDevice.Connection connection =
          bus == null
              ? new VirtualDevice.Connection(
                  "tcp://127.0.0.1:" + mqttPort, FLEET, creds.deviceFile())
              : VirtualDevice.Connection.inProcess(bus, FLEET, creds.deviceFile());
      try (VirtualFleet fleet =
              VirtualFleet.prepare(
                  members,
                  connection,
                  data.train(),
                  testImages,
                  testLabels,
                  settings,
                  tuning(members.size()),
                  run);
          GlobalEvaluator evaluator =
              new GlobalEvaluator(spec, IdxReader.read(testImages, testLabels, 10))) {
        long startedAt = System.nanoTime();
        fleet.start();
        FleetService service = coordinator.fleet();
        awaitOnline(service, fleet.size());
        progress.online(fleet.size(), (System.nanoTime() - startedAt) / 1e9, scale.transport());
        String dashboard = "http://127.0.0.1:" + coordinator.httpPort() + "/dashboard/";
        progress.started(dashboard, fleet.size(), data.source(), run.toString());
        TrainingView t = await(service.createTraining(request(fleet.size())));
        await(service.startTraining(t.id()));
        // The initial model exists once the training started (before its first round closes).
        List<RoundRecord> records = new ArrayList<>();
        records.add(initial(service, t.id(), evaluator));
        progress.round(records.get(0), settings.training().rounds());
        String state = follow(service, t.id(), evaluator, fleet, records);
        return new Outcome(
            run,
            data.source(),
            fleet.size(),
            fleet.summary(),
            settings,
            records,
            (System.nanoTime() - t0) / 1e9,
            state);
      }
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.warn("the coordinator did not stop cleanly: {}", e.toString());
      }
      if (bus != null) {
        bus.close(); // After the fleet and the coordinator said goodbye on it.
      }
    }
  }

  private String follow(
      FleetService service,
      String id,
      GlobalEvaluator evaluator,
      VirtualFleet fleet,
      List<RoundRecord> records)
      throws InterruptedException {
    long done = 0;
    int dropoutsBefore = fleet.dropouts();
    while (true) {
      TrainingState state = await(service.training(id)).orElseThrow().state();
      for (RoundView r : await(service.rounds(id))) {
        if (r.type() != TaskType.TRAIN || r.round() <= done || !finished(r)) {
          continue;
        }
        int dropouts = fleet.dropouts();
        RoundRecord rec = record(service, id, r, evaluator, dropouts - dropoutsBefore);
        dropoutsBefore = dropouts;
        records.add(rec);
        done = r.round();
        progress.round(rec, settings.training().rounds());
      }
      if (state != TrainingState.RUNNING && state != TrainingState.CREATED) {
        // One more pass above already picked up the rounds that closed before the state changed.
        return state.name();
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static boolean finished(RoundView r) {
    return r.state() == RoundState.CLOSED || r.state() == RoundState.ABANDONED;
  }

  private RoundRecord initial(FleetService service, String id, GlobalEvaluator evaluator) {
    List<ModelView> models = await(service.models(id));
    if (models.isEmpty()) {
      throw new IllegalStateException("the training started without an initial model");
    }
    ModelView first = models.get(0);
    Evaluation e = evaluateVersion(service, id, first.version(), evaluator);
    return new RoundRecord(
        0, "INITIAL", e.accuracy(), e.loss(), Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0);
  }

  private RoundRecord record(
      FleetService service, String id, RoundView r, GlobalEvaluator evaluator, int dropouts) {
    long version = r.newModelVersion() != null ? r.newModelVersion() : r.modelVersion();
    Evaluation e = evaluateVersion(service, id, version, evaluator);
    return RoundRecords.of(r, e, dropouts);
  }

  private static Evaluation evaluateVersion(
      FleetService service, String id, long version, GlobalEvaluator evaluator) {
    Optional<byte[]> frame = await(service.modelFrame(id, version, FleetService.GLOBAL_VARIANT));
    return evaluator.evaluate(
        frame.orElseThrow(
            () -> new IllegalStateException("global model " + version + " is not stored")));
  }

  /**
   * The clients' settings for a fleet of {@code devices}: the status interval of {@link
   * Settings.Scale#statusInterval(int)}; a compute benchmark of 50 ms up to 100 devices, 5 ms
   * beyond (the fleet starts one device after the other: 10,000 × 50 ms would be 8 minutes); and no
   * local test set, since the simulator evaluates centrally and sends no evaluation tasks ({@code
   * evaluateEvery} 0): each device would hold its own copy of it (31 MB for the full set), which
   * made 500 devices fill a 4 GB heap before they were all up.
   */
  private VirtualDevice.Tuning tuning(int devices) {
    return new VirtualDevice.Tuning(
        settings.scale().statusInterval(devices),
        devices <= 100 ? VirtualDevice.Tuning.DEFAULT.benchmark() : Duration.ofMillis(5),
        false);
  }

  private TrainingRequest request(int devices) {
    Settings.Training t = settings.training();
    int perRound = settings.scale().maxPerRound();
    return new TrainingRequest(
        "simulation",
        t.spec(),
        t.strategy(),
        Map.of(),
        t.rounds(),
        t.fraction(),
        1,
        perRound > 0 ? Math.min(perRound, devices) : devices,
        t.quorum(),
        t.deadlineSeconds(),
        t.epochs(),
        t.batchSize(),
        t.learningRate(),
        Optimizer.SGD,
        0,
        0,
        t.uploadPipeline(),
        t.downloadPipeline(),
        t.sizing(),
        0,
        100_000,
        0,
        settings.seed());
  }

  private static void awaitOnline(FleetService service, int n) throws InterruptedException {
    // Devices start one after the other: a large fleet gets longer.
    Duration timeout = CONNECT_TIMEOUT.plus(CONNECT_PER_DEVICE.multipliedBy(n));
    long deadline = System.nanoTime() + timeout.toNanos();
    long online = 0;
    while (System.nanoTime() < deadline) {
      online = await(service.devices()).stream().filter(d -> d.online()).count();
      if (online >= n) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException(
        "only " + online + " of " + n + " devices came online within " + timeout);
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the coordinator did not answer within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
