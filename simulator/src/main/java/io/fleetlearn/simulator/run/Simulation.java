package io.fleetlearn.simulator.run;

import io.fleetlearn.coordinator.CoordinatorVerticle;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.mqtt.TopicAcl;
import io.fleetlearn.device.data.IdxReader;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.simulator.bus.Access;
import io.fleetlearn.simulator.bus.LocalBroker;
import io.fleetlearn.simulator.bus.LocalCoordinatorLink;
import io.fleetlearn.simulator.control.FleetControl;
import io.fleetlearn.simulator.control.HttpFleetControl;
import io.fleetlearn.simulator.control.LocalFleetControl;
import io.fleetlearn.simulator.data.FashionMnist;
import io.fleetlearn.simulator.device.VirtualDevice;
import io.fleetlearn.simulator.fleet.FleetMember;
import io.fleetlearn.simulator.fleet.Shard;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one simulation end to end: a fresh run folder, the virtual fleet over real MQTT, one
 * training created and started through a {@link FleetControl}, and every new global model evaluated
 * on the test set as its round closes.
 *
 * <p>By default the coordinator is the real {@link CoordinatorVerticle} on Vert.x in this JVM, with
 * its embedded broker and credentials made for this run (not demo mode), driven through its {@link
 * FleetService}; with {@link TransportKind#IN_PROCESS} the same coordinator and devices talk over
 * the in-process {@link LocalBroker} instead of HiveMQ and Paho. With a {@link Remote}, the
 * coordinator and the broker run elsewhere and are driven through the REST API; this process then
 * runs its {@link Shard} of the fleet, and only shard 0 creates the training, evaluates it and
 * returns its rounds.
 */
public final class Simulation {
  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

  /** The fleet id ({@code FLEET}) of a coordinator the simulation starts, and the default one. */
  public static final String FLEET_ID = "sim";

  /** The training's name when the simulation starts its own coordinator. */
  public static final String TRAINING_NAME = "simulation";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration CONNECT_PER_DEVICE = Duration.ofMillis(20);
  // The coordinator's MQTT user name (MQTT_USERNAME's default), for the topic rules.
  private static final String COORDINATOR_USER = "coordinator";

  private final Settings settings;
  private final ProgressListener progress;
  private final Optional<Remote> remote;
  // With keepOpen: released to let the coordinator go; counted down once it went.
  private final java.util.concurrent.CountDownLatch release =
      new java.util.concurrent.CountDownLatch(1);
  private final java.util.concurrent.CountDownLatch stopped =
      new java.util.concurrent.CountDownLatch(1);

  /** A simulation with its own coordinator and embedded broker. */
  public Simulation(Settings settings, ProgressListener progress) {
    this.settings = settings;
    this.progress = progress;
    this.remote = Optional.empty();
  }

  /** A simulation against a coordinator and broker that run elsewhere. */
  public Simulation(Settings settings, ProgressListener progress, Remote remote) {
    this.settings = settings;
    this.progress = progress;
    this.remote = Optional.of(remote);
  }

  /**
   * Runs to the end of the training; the fleet (and a coordinator started here) are stopped on
   * return. A shard other than 0 returns no rounds, only the state the training ended in.
   *
   * @throws io.fleetlearn.simulator.control.FleetControlException when the coordinator cannot be
   *     reached, refuses a call or gives an answer that cannot be used
   */
  public Outcome run() throws IOException, InterruptedException {
    try {
      return remote.isPresent() ? runRemote(remote.get()) : runEmbedded();
    } finally {
      stopped.countDown();
    }
  }

  /** Lets a simulation kept open ({@link Settings#keepOpen()}) stop; any thread, any time. */
  public void release() {
    release.countDown();
  }

  /** Waits until {@link #run} stopped the coordinator and the fleet; false on timeout. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private Outcome runEmbedded() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Path run = RunSetup.runFolder(settings.out(), Shard.WHOLE);
    TestFiles test = TestFiles.load(settings, run);
    Credentials creds = Credentials.generate(run);
    int mqttPort = RunSetup.freePort();
    // In process: the same coordinator and clients, on the bus instead of HiveMQ and Paho, with
    // the embedded broker's topic rules.
    TopicAcl acl = new TopicAcl(Topics.of(FLEET_ID), COORDINATOR_USER);
    LocalBroker bus =
        settings.scale().transport() == TransportKind.IN_PROCESS
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
                  .setConfig(RunSetup.coordinatorConfig(run, FLEET_ID, mqttPort, creds))));
      VirtualDevice.Connection connection =
          bus == null
              ? new VirtualDevice.Connection(
                  "tcp://127.0.0.1:" + mqttPort, FLEET_ID, creds.deviceFile())
              : VirtualDevice.Connection.inProcess(bus, FLEET_ID, creds.deviceFile());
      String dashboard = "http://127.0.0.1:" + coordinator.httpPort() + "/dashboard/";
      FleetControl control = new LocalFleetControl(coordinator.fleet(), dashboard);
      // Devices start one after the other: a large fleet gets longer.
      Duration wait =
          CONNECT_TIMEOUT.plus(CONNECT_PER_DEVICE.multipliedBy(settings.fleet().members().size()));
      return drive(control, connection, Shard.WHOLE, TRAINING_NAME, wait, run, test, t0);
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("the coordinator did not stop cleanly: {}", e.toString());
      }
      if (bus != null) {
        bus.close(); // After the fleet and the coordinator said goodbye on it.
      }
    }
  }

  private Outcome runRemote(Remote r) throws IOException, InterruptedException {
    if (settings.scale().transport() != TransportKind.MQTT) {
      throw new IllegalArgumentException(
          "--transport in-process runs its own coordinator; it cannot join one at "
              + r.coordinatorUrl());
    }
    long t0 = System.nanoTime();
    try (FleetControl control = HttpFleetControl.of(r.coordinatorUrl(), r.apiToken())) {
      // Before any data is split or device started: a wrong URL or token fails in a second.
      control.check(r.shard().lead(), r.waitTimeout());
      Path run = RunSetup.runFolder(settings.out(), r.shard());
      TestFiles test = TestFiles.load(settings, run);
      VirtualDevice.Connection connection =
          new VirtualDevice.Connection(
              r.brokerUri(), r.fleet(), r.devicePasswordFile(), r.caFile());
      return drive(
          control, connection, r.shard(), r.trainingName(), r.waitTimeout(), run, test, t0);
    }
  }

  private Outcome drive(
      FleetControl control,
      VirtualDevice.Connection connection,
      Shard shard,
      String trainingName,
      Duration wait,
      Path run,
      TestFiles test,
      long t0)
      throws IOException, InterruptedException {
    List<FleetMember> members = settings.fleet().members();
    try (VirtualFleet fleet =
        VirtualFleet.prepare(
            members,
            shard,
            connection,
            test.data().train(),
            test.data().test(),
            settings,
            tuning(members.size()),
            run)) {
      long startedAt = System.nanoTime();
      fleet.start(settings.replay());
      // Time 0 of the trace and of churn: the training started (or, for a shard, was found).
      TrainingDriver driver =
          new TrainingDriver(
              control,
              progress,
              settings.training().rounds(),
              fleet::dropouts,
              () -> fleet.begin(settings.replay()));
      List<RoundRecord> records = new ArrayList<>();
      String state;
      if (shard.lead()) {
        ModelSpec spec = ModelSpec.parse(settings.training().spec());
        try (GlobalEvaluator evaluator =
            new GlobalEvaluator(spec, IdxReader.read(test.images(), test.labels(), 10))) {
          driver.awaitOnline(
              members.stream()
                  .map(FleetMember::deviceId)
                  .filter(id -> !settings.replay().trace().joinsLater(id))
                  .toList(),
              wait);
          progress.online(
              members.size(), (System.nanoTime() - startedAt) / 1e9, settings.scale().transport());
          progress.started(
              control.dashboard(), members.size(), test.data().source(), run.toString());
          state =
              driver.lead(
                  settings.trainingRequest(trainingName, members.size()), evaluator, records);
        }
      } else {
        state = driver.join(trainingName, wait);
      }
      Outcome outcome =
          new Outcome(
              run,
              test.data().source(),
              shard.lead() ? members.size() : fleet.size(),
              VirtualFleet.summary(members),
              settings,
              records,
              (System.nanoTime() - t0) / 1e9,
              state);
      if (settings.keepOpen()) {
        // The fleet stays connected too: the dashboard shows it as it was.
        progress.keptOpen(outcome, control.dashboard());
        release.await();
      }
      return outcome;
    }
  }

  /** The data, with its test set written where the devices and the evaluator read it. */
  private record TestFiles(FashionMnist data, Path images, Path labels) {
    static TestFiles load(Settings settings, Path run) throws IOException {
      FashionMnist data = FashionMnist.load(settings.data());
      Path images = run.resolve("test-images.idx");
      Path labels = run.resolve("test-labels.idx");
      data.test().write(images, labels);
      return new TestFiles(data, images, labels);
    }
  }

  /**
   * The clients' periodic work for a fleet of {@code devices}: the status interval of {@link
   * Settings.Scale#statusInterval(int)}, and a compute benchmark of 50 ms up to 100 devices, 5 ms
   * beyond (the fleet starts one device after the other: 10,000 × 50 ms would be 8 minutes).
   */
  private VirtualDevice.Tuning tuning(int devices) {
    return new VirtualDevice.Tuning(
        settings.scale().statusInterval(devices),
        devices <= 100 ? VirtualDevice.Tuning.DEFAULT.benchmark() : Duration.ofMillis(5));
  }

  private static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the coordinator did not start within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
