package io.fleetlearn.coordinator;

import static io.fleetlearn.coordinator.TestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.protocol.spec.ModelSpec;
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

/** An asynchronous (FedBuff) training: buffers of two, a late update damped by its staleness. */
class FedBuffTrainingTest {
  private static final ModelSpec SPEC = ModelSpec.parse("mlp(8, 4, 3)");
  private static final long SEED = 11;
  private static final float TOLERANCE = 1e-5f;
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
  void aFullBufferClosesTheRound_andALateUpdateCountsInTheNextDampedByItsStaleness()
      throws Exception {
    try (FakeDevice d1 = FakeDevice.connect(mqttPort, "d-1");
        FakeDevice d2 = FakeDevice.connect(mqttPort, "d-2");
        FakeDevice d3 = FakeDevice.connect(mqttPort, "d-3")) {
      List<FakeDevice> all = List.of(d1, d2, d3);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> get(verticle.fleet().devices()).stream().filter(d -> d.online()).count() == 3);
      TrainingView t = get(verticle.fleet().createTraining(request()));
      get(verticle.fleet().startTraining(t.id()));

      // Round A: two updates fill the buffer; d-3 is slow
      TaskMessage a = d1.task();
      d2.task();
      d3.task();
      long v = a.modelVersion();
      d1.sendUpdate(FakeDevice.update(SPEC, a.round(), v, "d-1", 1, 10, 0.1f, Map.of()));
      d2.sendUpdate(FakeDevice.update(SPEC, a.round(), v, "d-2", 2, 10, 0.3f, Map.of()));
      TaskMessage e1 = evaluateAll(all);
      assertThat(e1.modelVersion()).isEqualTo(v + 1);
      // Round B: d-3's update of round A (one version stale) and d-1's fresh one
      TaskMessage b = d1.task();
      d2.task();
      d3.task();
      d3.sendUpdate(FakeDevice.update(SPEC, a.round(), v, "d-3", 3, 10, 1.0f, Map.of()));
      d1.sendUpdate(FakeDevice.update(SPEC, b.round(), v + 1, "d-1", 4, 10, 0.5f, Map.of()));
      TaskMessage e2 = evaluateAll(all);

      // Assert: v+1 = w + (0.1 + 0.3) / 2; v+2 = v+1 + (1.0 / sqrt(2) + 0.5) / 2
      assertThat(e2.modelVersion()).isEqualTo(v + 2);
      assertModel(t, v + 1, 0.2f);
      assertModel(t, v + 2, 0.2f + (float) ((1.0 / Math.sqrt(2) + 0.5) / 2));
      RoundView roundB = get(verticle.fleet().round(t.id(), b.round())).orElseThrow();
      assertThat(roundB.accepted()).isEqualTo(2);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  get(verticle.fleet().training(t.id())).orElseThrow().state()
                      == TrainingState.COMPLETED);
    }
  }

  /** Every device gets the evaluation task and answers it; returns the task. */
  private static TaskMessage evaluateAll(List<FakeDevice> devices) throws Exception {
    TaskMessage task = null;
    for (FakeDevice d : devices) {
      task = d.task();
      assertThat(task.type()).isEqualTo(TaskType.EVALUATE);
      d.evaluated(task.round(), task.modelVersion(), 0.5);
    }
    return task;
  }

  private void assertModel(TrainingView t, long version, float shift) throws Exception {
    byte[] frame = get(verticle.fleet().modelFrame(t.id(), version, "w1000000")).orElseThrow();
    Model got = Frames.decode(frame, DecodeLimits.defaults()).model();
    Model start = SPEC.initialize(SEED);
    for (int i = 0; i < start.size(); i++) {
      Tensor x = start.tensor(i);
      Tensor y = got.tensor(i);
      for (int j = 0; j < x.size(); j++) {
        assertThat(y.array()[y.offset() + j])
            .isCloseTo(x.array()[x.offset() + j] + shift, within(TOLERANCE));
      }
    }
  }

  private static TrainingRequest request() {
    return new TrainingRequest(
        "fedbuff",
        SPEC.toString(),
        "fedbuff",
        Map.of("bufferSize", 2.0, "maxStaleness", 2.0),
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
        1,
        1000,
        0,
        SEED);
  }
}
