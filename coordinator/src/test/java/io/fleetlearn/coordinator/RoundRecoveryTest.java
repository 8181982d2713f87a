package io.fleetlearn.coordinator;

import static io.fleetlearn.coordinator.TestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator stopped with a round open comes back on the same database and finishes the round
 * with exactly the updates it had accepted plus the ones that come after.
 */
class RoundRecoveryTest {
  private static final ModelSpec SPEC = ModelSpec.parse("mlp(8, 4, 3)");
  private static final long SEED = 5;
  private static final float TOLERANCE = 1e-5f;
  @TempDir Path dir;
  private Vertx vertx;
  private int mqttPort;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    mqttPort = TestSupport.freePort();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void anOpenRound_resumesAfterARestart_withNoAcceptedUpdateLostOrCountedTwice() throws Exception {
    // Arrange: a round of three devices, two of which have delivered
    CoordinatorVerticle first = new CoordinatorVerticle();
    String deployment = deploy(first);
    TrainingView t;
    long round;
    long version;
    try (FakeDevice d1 = FakeDevice.connect(mqttPort, "d-1");
        FakeDevice d2 = FakeDevice.connect(mqttPort, "d-2");
        FakeDevice d3 = FakeDevice.connect(mqttPort, "d-3")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> online(first) == 3);
      t = get(first.fleet().createTraining(request()));
      get(first.fleet().startTraining(t.id()));
      TaskMessage task = d1.task();
      round = task.round();
      version = task.modelVersion();
      d1.sendUpdate(FakeDevice.update(SPEC, round, version, "d-1", 1, 10, 0.1f, Map.of()));
      d2.sendUpdate(FakeDevice.update(SPEC, round, version, "d-2", 2, 30, 0.4f, Map.of()));
      await().atMost(Duration.ofSeconds(20)).until(() -> round(first, t, round).accepted() == 2);

      // Act: the coordinator goes away with the round open (nothing of it is written on stop)
      get(vertx.undeploy(deployment));
    }
    CoordinatorVerticle second = new CoordinatorVerticle();
    long t0 = System.nanoTime();
    deploy(second);
    long recoveryMillis = (System.nanoTime() - t0) / 1_000_000;
    try (FakeDevice d1 = FakeDevice.connect(mqttPort, "d-1");
        FakeDevice d2 = FakeDevice.connect(mqttPort, "d-2");
        FakeDevice d3 = FakeDevice.connect(mqttPort, "d-3")) {
      // d-3 reconnects idle and gets its task again, with the model still retained
      TaskMessage again = d3.task();
      assertThat(again.round()).isEqualTo(round);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> d3.model("fl/test/model/" + version + "/" + again.variant()) != null);
      RoundView resumed = round(second, t, round);
      d1.sendUpdate(FakeDevice.update(SPEC, round, version, "d-1", 1, 10, 0.1f, Map.of()));
      d1.sendUpdate(FakeDevice.update(SPEC, round, version, "d-1", 99, 10, 0.1f, Map.of()));
      d3.sendUpdate(FakeDevice.update(SPEC, round, version, "d-3", 3, 60, 0.7f, Map.of()));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> round(second, t, round).state() == RoundState.CLOSED);

      // Assert
      assertThat(resumed.state()).isEqualTo(RoundState.OPEN);
      assertThat(resumed.accepted()).isEqualTo(2);
      RoundView closed = round(second, t, round);
      assertThat(closed.accepted()).isEqualTo(3);
      assertThat(closed.samples()).isEqualTo(100);
      assertThat(closed.rejections()).containsEntry("duplicate", 1).hasSize(1);
      // Sample-weighted mean of the three changes: (10·0.1 + 30·0.4 + 60·0.7) / 100 = 0.55
      long next = closed.newModelVersion();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> get(second.fleet().modelFrame(t.id(), next, "w1000000")).isPresent());
      byte[] frame = get(second.fleet().modelFrame(t.id(), next, "w1000000")).orElseThrow();
      Model got = Frames.decode(frame, DecodeLimits.defaults()).model();
      Model start = SPEC.initialize(SEED);
      for (int i = 0; i < start.size(); i++) {
        Tensor a = start.tensor(i);
        Tensor b = got.tensor(i);
        for (int j = 0; j < a.size(); j++) {
          assertThat(b.array()[b.offset() + j])
              .isCloseTo(a.array()[a.offset() + j] + 0.55f, within(TOLERANCE));
        }
      }
      System.out.printf(
          "recovery: redeploy and resume of a round with 2 updates: %d ms%n", recoveryMillis);
    }
  }

  private String deploy(CoordinatorVerticle v) throws Exception {
    return get(
        vertx.deployVerticle(
            v, new DeploymentOptions().setConfig(TestSupport.config(dir, mqttPort))));
  }

  private static long online(CoordinatorVerticle v) throws Exception {
    return get(v.fleet().devices()).stream().filter(d -> d.online()).count();
  }

  private static RoundView round(CoordinatorVerticle v, TrainingView t, long round)
      throws Exception {
    return get(v.fleet().round(t.id(), round)).orElseThrow();
  }

  /** Three devices, quorum 1, Fp32 both ways, a second round so that the new model is published. */
  private static TrainingRequest request() {
    return new TrainingRequest(
        "recovery",
        SPEC.toString(),
        "fedavg",
        Map.of(),
        2,
        1.0,
        3,
        3,
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
        0,
        SEED);
  }
}
