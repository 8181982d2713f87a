package io.fleetlearn.coordinator;

import static io.fleetlearn.coordinator.TestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.aggregation.strategy.FedAvg;
import io.fleetlearn.aggregation.strategy.FedAvgRound;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.coordinator.ingest.UpdateBody;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.Resources;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's figures, run on demand ({@code -Dfleetlearn.figures=true}): updates ingested
 * per second through the broker (validated, folded, receipted with a SYNC write each) against the
 * bare decode-check-fold rate of the same frames on one thread in the same run, and the time from
 * the last update to the stored new model (CNN and a 200k-parameter MLP) against the bare server
 * step.
 */
@EnabledIfSystemProperty(named = "fleetlearn.figures", matches = "true")
class EngineFiguresTest {
  private static final int PUBLISHERS = 8;
  private final Messages messages = new Messages();
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
  void mlp200k_ingestRateAndAggregationTime() throws Exception {
    figures("mlp(784, 256, 10)", 200);
  }

  @Test
  void cnn_ingestRateAndAggregationTime() throws Exception {
    figures("cnn", 100);
  }

  private void figures(String specText, int devices) throws Exception {
    ModelSpec spec = ModelSpec.parse(specText);
    List<MqttClient> publishers = new ArrayList<>();
    for (int i = 0; i < PUBLISHERS; i++) {
      // The coordinator's login may publish on any device's topics: one client speaks for many.
      publishers.add(
          TestSupport.mqtt(mqttPort, "pub-" + i, "coordinator", TestSupport.COORDINATOR_PASSWORD));
    }
    for (int d = 0; d < devices; d++) {
      publish(publishers.get(d % PUBLISHERS), "d-" + d, "status", status("d-" + d), true);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(verticle.fleet().devices()).stream().filter(x -> x.online()).count()
                    == devices);
    TrainingView t = get(verticle.fleet().createTraining(request(specText, devices)));
    get(verticle.fleet().startTraining(t.id()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !get(verticle.fleet().rounds(t.id())).isEmpty());
    RoundView open = get(verticle.fleet().rounds(t.id())).get(0);
    List<byte[]> frames = frames(spec, open.round(), open.modelVersion(), devices);
    long bytes = frames.stream().mapToLong(f -> f.length).sum();

    // Baseline: decode, check and fold the same frames on one thread, no broker, no disk
    long b0 = System.nanoTime();
    FedAvgRound bare =
        FedAvg.builder().build().beginTrain(1, spec.initialize(1), spec.chain(), devices);
    List<TensorInfo> layout = spec.tensors();
    for (int d = 0; d < devices; d++) {
      UpdateData u = UpdateBody.check(frames.get(d), "d-" + d, DecodeLimits.defaults(), layout, 0);
      bare.offer(TrainResult.of("d-" + d, 1, 100, u));
    }
    double bareRate = devices / ((System.nanoTime() - b0) / 1e9);
    long s0 = System.nanoTime();
    bare.finish(List.of());
    double bareStepMillis = (System.nanoTime() - s0) / 1e6;

    // Through the coordinator
    ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
    long t0 = System.nanoTime();
    for (int p = 0; p < PUBLISHERS; p++) {
      int first = p;
      pool.execute(
          () -> {
            for (int d = first; d < devices; d += PUBLISHERS) {
              publish(publishers.get(first), "d-" + d, "update", frames.get(d), false);
            }
          });
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                get(verticle.fleet().round(t.id(), open.round())).orElseThrow().accepted()
                    == devices);
    double rate = devices / ((System.nanoTime() - t0) / 1e9);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(verticle.fleet().round(t.id(), open.round())).orElseThrow().state()
                    == RoundState.CLOSED);
    RoundView closed = get(verticle.fleet().round(t.id(), open.round())).orElseThrow();
    pool.shutdown();
    for (MqttClient c : publishers) {
      c.disconnect();
      c.close();
    }

    System.out.printf(
        "FIGURES %s (%d parameters), %d updates of %d bytes on average, upload preset:%n"
            + "  ingest through the broker: %.0f updates/s; bare decode+check+fold on one thread:"
            + " %.0f updates/s; ratio %.2f%n"
            + "  last update -> stored new model: %.1f ms; bare server step: %.1f ms; ratio %.1f%n",
        specText,
        spec.parameterCount(Ratio.of(1.0)),
        devices,
        bytes / devices,
        rate,
        bareRate,
        rate / bareRate,
        closed.aggregationMillis(),
        bareStepMillis,
        closed.aggregationMillis() / bareStepMillis);
    assertThat(closed.accepted()).isEqualTo(devices);
    assertThat(closed.newModelVersion()).isNotNull();
  }

  private List<byte[]> frames(ModelSpec spec, long round, long version, int devices) {
    List<TensorInfo> t = spec.tensors();
    List<byte[]> out = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(1);
    Pipeline upload = Presets.upload();
    for (int d = 0; d < devices; d++) {
      Model delta =
          Model.flatZeros(
              t.stream().map(TensorInfo::name).toList(),
              t.stream().map(TensorInfo::shape).toList());
      for (var tensor : delta.tensors()) {
        for (int i = 0; i < tensor.size(); i++) {
          tensor.array()[tensor.offset() + i] = (float) (rng.nextGaussian() * 0.01);
        }
      }
      EncodeContext ctx = new EncodeContext(null, new ErrorFeedback(delta.zerosLike()), rng);
      Map<String, String> a =
          Map.of(
              "device",
              "d-" + d,
              "nonce",
              Long.toHexString(d + 1),
              "samples",
              "100",
              "width",
              "1000000");
      out.add(upload.encodeFrame(FrameMeta.update(round, version, a), delta, ctx));
    }
    return out;
  }

  private byte[] status(String id) {
    Resources r = new Resources(2L << 30, 4L << 30, 4, 0.1, null, null, null, null, 1e7, null, 5.0);
    return messages.write(
        new DeviceStatus(id, DeviceState.ONLINE, System.currentTimeMillis(), "bench", -1, r, null));
  }

  private static void publish(
      MqttClient c, String device, String leaf, byte[] payload, boolean retained) {
    try {
      MqttMessage m = new MqttMessage(payload);
      m.setQos(1);
      m.setRetained(retained);
      c.publish("fl/test/device/" + device + "/" + leaf, m);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrainingRequest request(String spec, int devices) {
    return new TrainingRequest(
        "figures",
        spec,
        "fedavg",
        Map.of(),
        1,
        1.0,
        devices,
        devices,
        1.0,
        120,
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
