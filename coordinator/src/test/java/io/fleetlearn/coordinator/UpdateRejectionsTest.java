package io.fleetlearn.coordinator;

import static io.fleetlearn.coordinator.TestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.DeploymentOptions;
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

/** Every rejection reason, provoked by scripted devices over the real broker. */
class UpdateRejectionsTest {
  static final ModelSpec SPEC = ModelSpec.parse("mlp(8, 4, 3)");
  @TempDir Path dir;
  private Vertx vertx;
  private CoordinatorVerticle verticle;
  private int mqttPort;

  @BeforeEach
  void deploy() throws Exception {
    vertx = Vertx.vertx();
    mqttPort = TestSupport.freePort();
    verticle = new CoordinatorVerticle();
    get(
        vertx.deployVerticle(
            verticle, new DeploymentOptions().setConfig(TestSupport.config(dir, mqttPort))));
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void everyBadUpdateIsRefusedAndCountedByReason_andTheRoundStillCloses() throws Exception {
    // Arrange: two selected devices; a third comes online after the round opened
    try (FakeDevice d1 = FakeDevice.connect(mqttPort, "d-1");
        FakeDevice d2 = FakeDevice.connect(mqttPort, "d-2")) {
      awaitOnline(2);
      TrainingView t = get(verticle.fleet().createTraining(request(1)));
      get(verticle.fleet().startTraining(t.id()));
      TaskMessage task = d1.task();
      d2.task();
      long r = task.round();
      long v = task.modelVersion();
      try (FakeDevice d3 = FakeDevice.connect(mqttPort, "d-3")) {
        // Act: one of each kind of bad update
        d1.sendUpdate(new byte[] {1, 2, 3, 4, 5});
        d1.sendUpdate(new byte[200_000]);
        d1.sendUpdate(FakeDevice.update(SPEC, r + 5, v, "d-1", 1, 10, 0.1f, Map.of()));
        d1.sendUpdate(FakeDevice.update(SPEC, r - 1, v, "d-1", 1, 10, 0.1f, Map.of()));
        d1.sendUpdate(FakeDevice.update(SPEC, r, v, "d-2", 1, 10, 0.1f, Map.of()));
        d1.sendUpdate(wrongShape(r, v));
        d1.sendUpdate(FakeDevice.update(SPEC, r, v, "d-1", 1, 10, Float.NaN, Map.of()));
        d1.sendUpdate(FakeDevice.update(SPEC, r, v, "d-1", 1, 10, 50f, Map.of()));
        d1.sendUpdate(FakeDevice.update(SPEC, r, v, "d-1", 1, 0, 0.1f, Map.of()));
        d1.sendUpdate(FakeDevice.update(SPEC, r, v, "d-1", 1, 5000, 0.1f, Map.of()));
        d3.sendUpdate(FakeDevice.update(SPEC, r, v, "d-3", 1, 10, 0.1f, Map.of()));
        // A good one, its replay (same nonce: ignored), and a second attempt (duplicate)
        d1.sendUpdate(FakeDevice.update(SPEC, r, v, "d-1", 7, 10, 0.1f, Map.of("loss", "1.5")));
        awaitAccepted(t, r, 1);
        d1.sendUpdate(FakeDevice.update(SPEC, r, v, "d-1", 7, 10, 0.1f, Map.of()));
        d1.sendUpdate(FakeDevice.update(SPEC, r, v, "d-1", 8, 10, 0.1f, Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> rejected("duplicate") == 1);
        d2.sendUpdate(FakeDevice.update(SPEC, r, v, "d-2", 9, 30, 0.2f, Map.of()));
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> round(t, r).state() == RoundState.CLOSED);
        d2.sendUpdate(FakeDevice.update(SPEC, r, v, "d-2", 10, 30, 0.2f, Map.of()));

        // Assert
        for (String reason :
            List.of(
                "frame",
                "size",
                "round",
                "impersonation",
                "shape",
                "non-finite",
                "norm",
                "unassigned",
                "duplicate")) {
          assertThat(rejected(reason)).as(reason).isEqualTo(1.0);
        }
        assertThat(rejected("samples")).isEqualTo(2.0);
        await().atMost(Duration.ofSeconds(20)).until(() -> rejected("late") == 2.0);
        RoundView closed = round(t, r);
        assertThat(closed.accepted()).isEqualTo(2);
        assertThat(closed.newModelVersion()).isEqualTo(v + 1);
        assertThat(closed.rejections())
            .containsEntry("frame", 1)
            .containsEntry("samples", 2)
            .containsEntry("duplicate", 1);
        assertThat(closed.trainLoss()).isEqualTo(1.5);
        assertThat(closed.samples()).isEqualTo(40);
      }
    }
  }

  private byte[] wrongShape(long r, long v) {
    List<TensorInfo> t = ModelSpec.parse("mlp(8, 3, 3)").tensors();
    Model m =
        Model.flatZeros(
            t.stream().map(TensorInfo::name).toList(), t.stream().map(TensorInfo::shape).toList());
    return FakeDevice.frame(m, r, v, "d-1", 1, 10, Map.of());
  }

  private double rejected(String reason) {
    Counter c =
        verticle
            .metrics()
            .registry()
            .find("fleetlearn.updates.rejected")
            .tag("reason", reason)
            .counter();
    return c == null ? 0 : c.count();
  }

  private void awaitOnline(int n) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(verticle.fleet().devices()).stream().filter(d -> d.online()).count() == n);
  }

  private void awaitAccepted(TrainingView t, long r, int n) {
    await().atMost(Duration.ofSeconds(20)).until(() -> round(t, r).accepted() == n);
  }

  private RoundView round(TrainingView t, long r) throws Exception {
    return get(verticle.fleet().round(t.id(), r)).orElseThrow();
  }

  /** Two devices, full width, Fp32 both ways, norm bound 10, at most 1000 samples. */
  static TrainingRequest request(int rounds) {
    return new TrainingRequest(
        "rejections",
        SPEC.toString(),
        "fedavg",
        Map.of(),
        rounds,
        1.0,
        2,
        2,
        1.0,
        60,
        1,
        8,
        0.1,
        Optimizer.SGD,
        0,
        0,
        "Fp32",
        "Fp32",
        false,
        0,
        1000,
        10,
        3);
  }
}
