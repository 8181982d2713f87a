package io.fleetlearn.coordinator;

import static io.fleetlearn.coordinator.TestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskType;
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

/** A whole training with real device clients (DJL) against the embedded broker. */
class TrainingRoundsTest {
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
            verticle,
            new DeploymentOptions()
                .setConfig(TestSupport.config(dir.resolve("coordinator"), mqttPort))));
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void threeDevicesTrainThreeRounds_theModelAdvances_andEvaluatedAccuracyRises() throws Exception {
    // Arrange
    try (Devices devices = Devices.start(3, mqttPort, dir, Map.of())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> get(verticle.fleet().devices()).stream().filter(d -> d.online()).count() == 3);
      TrainingRequest request = request("mlp(784, 32, 10)", 3);

      // Act
      TrainingView t = get(verticle.fleet().createTraining(request));
      get(verticle.fleet().startTraining(t.id()));
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  get(verticle.fleet().training(t.id())).orElseThrow().state()
                      != TrainingState.RUNNING);

      // Assert
      TrainingView done = get(verticle.fleet().training(t.id())).orElseThrow();
      assertThat(done.state()).isEqualTo(TrainingState.COMPLETED);
      List<RoundView> rounds = get(verticle.fleet().rounds(t.id()));
      List<RoundView> train = rounds.stream().filter(r -> r.type() == TaskType.TRAIN).toList();
      List<RoundView> eval = rounds.stream().filter(r -> r.type() == TaskType.EVALUATE).toList();
      assertThat(train)
          .hasSize(3)
          .allMatch(r -> r.state() == RoundState.CLOSED && r.accepted() == 3);
      assertThat(train).extracting(RoundView::newModelVersion).isSorted().doesNotHaveDuplicates();
      assertThat(train)
          .allSatisfy(
              r -> {
                assertThat(r.bytesUp()).isPositive().isLessThan(r.denseBytesUp());
                assertThat(r.bytesDown()).isPositive().isLessThan(r.denseBytesDown());
                assertThat(r.trainLoss()).isPositive();
                assertThat(r.aggregationMillis()).isNotNull();
              });
      assertThat(eval).hasSize(3).allMatch(r -> r.state() == RoundState.CLOSED);
      double first = eval.get(0).evalAccuracy();
      double last = eval.get(eval.size() - 1).evalAccuracy();
      assertThat(last).isGreaterThan(first).isGreaterThan(0.4);
      List<ModelView> models = get(verticle.fleet().models(t.id()));
      assertThat(models).hasSize(4);
      assertThat(done.modelVersion()).isEqualTo(models.get(3).version());
      assertThat(done.accuracy()).isEqualTo(last);
      assertThat(
              verticle.metrics().registry().find("fleetlearn.updates.received").counter().count())
          .isGreaterThanOrEqualTo(9);
      assertThat(
              verticle
                  .metrics()
                  .registry()
                  .find("fleetlearn.bytes")
                  .tag("direction", "out")
                  .counter()
                  .count())
          .isPositive();
    }
  }

  static TrainingRequest request(String spec, int rounds) {
    return new TrainingRequest(
        "test",
        spec,
        "fedavg",
        Map.of(),
        rounds,
        1.0,
        3,
        3,
        1.0,
        60,
        2,
        16,
        0.1,
        Optimizer.SGD,
        0,
        0,
        "Int8 + Zstd",
        TrainingRequest.AUTO,
        true,
        1,
        100_000,
        0,
        7);
  }
}
