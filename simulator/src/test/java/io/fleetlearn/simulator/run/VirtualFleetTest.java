package io.fleetlearn.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.coordinator.CoordinatorVerticle;
import io.fleetlearn.coordinator.fleet.DeviceView;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.simulator.data.DataChoice;
import io.fleetlearn.simulator.data.IdxPair;
import io.fleetlearn.simulator.device.VirtualDevice;
import io.fleetlearn.simulator.fleet.FleetFile;
import io.fleetlearn.simulator.fleet.FleetMember;
import io.fleetlearn.simulator.fleet.Shard;
import io.fleetlearn.simulator.fleet.Trace;
import io.fleetlearn.simulator.fleet.TraceEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual devices coming and going against the real coordinator (embedded broker, credentials of
 * the run): dropouts, churn and a replayed trace, as the coordinator's registry sees them and as
 * the run's {@code trace.csv} records them.
 */
class VirtualFleetTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final String SAMPLE = "/fashion-mnist-sample/";

  @TempDir Path run;
  private Vertx vertx;
  private FleetService service;
  private VirtualDevice.Connection connection;
  private IdxPair train;
  private IdxPair test;

  @BeforeEach
  void startCoordinator() throws Exception {
    // The bundled sample whatever is installed: these tests are about devices, not accuracy.
    train =
        IdxPair.resource(
            SAMPLE + "train-images-idx3-ubyte.gz", SAMPLE + "train-labels-idx1-ubyte.gz");
    test =
        IdxPair.resource(
            SAMPLE + "t10k-images-idx3-ubyte.gz", SAMPLE + "t10k-labels-idx1-ubyte.gz");
    Credentials creds = Credentials.generate(run);
    int mqttPort = RunSetup.freePort();
    vertx = Vertx.vertx();
    CoordinatorVerticle coordinator = new CoordinatorVerticle();
    get(
        vertx.deployVerticle(
            coordinator,
            new DeploymentOptions()
                .setConfig(RunSetup.coordinatorConfig(run, Simulation.FLEET_ID, mqttPort, creds))));
    service = coordinator.fleet();
    connection =
        new VirtualDevice.Connection(
            "tcp://127.0.0.1:" + mqttPort, Simulation.FLEET_ID, creds.deviceFile());
  }

  @AfterEach
  void stopCoordinator() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aReplayedTrace_takesADeviceOffAndBack_andSetsTheBatteryTheRealProbeReports()
      throws Exception {
    // Arrange
    List<FleetMember> members =
        members(
            """
            devices:
              - {profile: pi-zero-2w, count: 1, link: ethernet}
              - {profile: pi-5-8gb, count: 1, link: ethernet}
            """);
    Trace trace =
        Trace.fromCsv(
            Trace.VERSION_LINE
                + "\n"
                + Trace.HEADER
                + "\n"
                + "1,pi-zero-2w-00,battery,55\n"
                + "1,pi-5-8gb-00,offline,\n"
                + "4,pi-5-8gb-00,online,back\n",
            members);
    Settings.Replay replay = new Settings.Replay(trace, "test", 1);

    try (VirtualFleet fleet = prepare(members)) {
      assertThat(fleet.start(replay)).isEqualTo(2);
      awaitOnline("pi-zero-2w-00", true);
      awaitOnline("pi-5-8gb-00", true);

      // Act
      fleet.begin(replay);

      // Assert: the coordinator sees it go and come back, and the battery the probe read
      awaitOnline("pi-5-8gb-00", false);
      awaitOnline("pi-5-8gb-00", true);
      await()
          .atMost(WAIT)
          .pollInterval(POLL)
          .until(() -> battery("pi-zero-2w-00") != null && battery("pi-zero-2w-00") == 55.0);
    }
    Trace recorded = Trace.read(run.resolve(VirtualFleet.TRACE_FILE), members);
    assertThat(recorded.events())
        .extracting(TraceEvent::device, TraceEvent::event, TraceEvent::value)
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple("pi-zero-2w-00", TraceEvent.Kind.BATTERY, "80"),
            org.assertj.core.groups.Tuple.tuple("pi-zero-2w-00", TraceEvent.Kind.BATTERY, "55"))
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple("pi-5-8gb-00", TraceEvent.Kind.OFFLINE, "trace"),
            org.assertj.core.groups.Tuple.tuple("pi-5-8gb-00", TraceEvent.Kind.ONLINE, "back"));
    TraceEvent offline =
        recorded.events().stream()
            .filter(e -> e.event() == TraceEvent.Kind.OFFLINE)
            .findFirst()
            .orElseThrow();
    assertThat(offline.seconds()).isGreaterThanOrEqualTo(1.0).isLessThan(4.0);
  }

  @Test
  void aDeviceThatDroppedOut_comesBackAfterTheOfflineTime_andTheCoordinatorSeesBoth()
      throws Exception {
    // Arrange: every task is swallowed by a dropout
    List<FleetMember> members =
        members(
            """
            devices:
              - {profile: pi-5-8gb, count: 1, link: flaky}
            links:
              flaky: {bandwidthKbps: 100000, latencyMs: 1, dropout: 1.0, offlineSeconds: 2}
            """);
    try (VirtualFleet fleet = prepare(members)) {
      fleet.start();
      awaitOnline("pi-5-8gb-00", true);
      fleet.begin(Settings.Replay.NONE);

      // Act: a training sends it a task
      TrainingView t = get(service.createTraining(training()));
      get(service.startTraining(t.id()));

      // Assert
      awaitOnline("pi-5-8gb-00", false);
      long wentAt = System.nanoTime();
      awaitOnline("pi-5-8gb-00", true);
      assertThat((System.nanoTime() - wentAt) / 1e9).isGreaterThan(1.0);
      assertThat(fleet.dropouts()).isPositive();
      get(service.stopTraining(t.id()));
    }
    assertThat(Trace.read(run.resolve(VirtualFleet.TRACE_FILE), members).events())
        .extracting(TraceEvent::event, TraceEvent::cause)
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.OFFLINE, "dropout"),
            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.ONLINE, "dropout"));
  }

  @Test
  void aChurningDevice_goesAndComesBackByItself_andTheRunRecordsIt() throws Exception {
    // Arrange
    List<FleetMember> members =
        members(
            """
            devices:
              - {profile: pi-5-8gb, count: 1, link: ethernet, churn: {onlineSeconds: 1, offlineSeconds: 1}}
            """);
    try (VirtualFleet fleet = prepare(members)) {
      fleet.start();
      awaitOnline("pi-5-8gb-00", true);

      // Act
      fleet.begin(Settings.Replay.NONE);

      // Assert: recorded going and coming back
      Path file = run.resolve(VirtualFleet.TRACE_FILE);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  Trace.read(file, members).events().stream()
                          .filter(e -> e.cause().equals("churn"))
                          .count()
                      >= 2);
      assertThat(Trace.read(file, members).events())
          .extracting(TraceEvent::event, TraceEvent::cause)
          .containsSubsequence(
              org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.OFFLINE, "churn"),
              org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.ONLINE, "churn"));
    }
  }

  private List<FleetMember> members(String yaml) throws Exception {
    return FleetFile.fromYaml(yaml).members();
  }

  private VirtualFleet prepare(List<FleetMember> members) throws Exception {
    Settings settings =
        new Settings(
            FleetFile.fromYaml("devices: [{profile: pi-5-8gb, count: 1, link: ethernet}]"),
            "test",
            DataChoice.bundled(),
            1.0,
            8,
            3,
            2,
            new Settings.Training(
                "mlp(784, 8, 10)",
                "fedavg",
                1,
                1,
                1,
                60,
                1,
                16,
                0.1,
                Optimizer.SGD,
                "Int8",
                "auto",
                true),
            run);
    return VirtualFleet.prepare(
        members, Shard.WHOLE, connection, train, test, settings, VirtualDevice.Tuning.DEFAULT, run);
  }

  private static TrainingRequest training() {
    return new TrainingRequest(
        "dropouts",
        "mlp(784, 8, 10)",
        "fedavg",
        Map.of(),
        50,
        1.0,
        1,
        1,
        1.0,
        5,
        1,
        16,
        0.1,
        Optimizer.SGD,
        0,
        0,
        "Int8",
        "auto",
        false,
        0,
        100_000,
        0,
        1);
  }

  private void awaitOnline(String id, boolean online) {
    await()
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> get(service.device(id)).map(DeviceView::online).orElse(false) == online);
  }

  private Double battery(String id) {
    return get(service.device(id))
        .map(DeviceView::resources)
        .map(r -> r.batteryPercent())
        .orElse(null);
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
