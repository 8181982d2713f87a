package io.fleetlearn.device.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.data.IdxReader;
import io.fleetlearn.device.inference.ModelStore;
import io.fleetlearn.device.inference.StoredModel;
import io.fleetlearn.device.train.Evaluation;
import io.fleetlearn.device.train.LocalTrainer;
import io.fleetlearn.device.train.Predictor;
import io.fleetlearn.device.train.TrainConfig;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Resources;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line run in-process, with captured output and its own environment. */
class DeviceCliTest {
  private static final ModelSpec MLP = ModelSpec.parse("mlp(784, 64, 10)");
  private static final Ratio FULL = Ratio.of(1);

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private static Result cli(Map<String, String> env, String... args) {
    CommandLine cl = DeviceCli.commandLine(env);
    return execute(cl, args);
  }

  private static Result execute(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void run_exits2AndNamesTheKey_whenARequiredKeyIsMissing() throws Exception {
    Path config = write("device.id=pi-1\nfleet=test\ndata.folder=data\n");

    Result r = cli(Map.of(), "run", "--config", config.toString());

    assertThat(r.code()).isEqualTo(DeviceCli.BAD_CONFIG);
    assertThat(r.err()).contains("bad config").contains("'broker.uri' is missing");
  }

  @Test
  void run_exits2AndNamesTheEnvironmentVariableAndValue_whenAnOverrideIsBad() throws Exception {
    Path config = write(validConfig("tcp://127.0.0.1:1"));

    Result r =
        cli(
            Map.of("FLEETLEARN_STATUS_INTERVAL_SECONDS", "soon"),
            "run",
            "--config",
            config.toString());

    assertThat(r.code()).isEqualTo(DeviceCli.BAD_CONFIG);
    assertThat(r.err())
        .contains("'status.interval.seconds'")
        .contains("FLEETLEARN_STATUS_INTERVAL_SECONDS")
        .contains("'soon'");
  }

  @Test
  void run_exits2_forAnUnknownOption() {
    Result r = cli(Map.of(), "run", "--konfig", "x");

    assertThat(r.code()).isEqualTo(DeviceCli.BAD_CONFIG);
    assertThat(r.err()).contains("--konfig");
  }

  @Test
  void run_keepsTheDeviceUpWhileTheBrokerIsAway_andExits0WhenStopped() throws Exception {
    // Prepare: a port where nothing listens; the device keeps retrying in the background
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = write(validConfig("tcp://127.0.0.1:" + port));
    CommandLine cl = DeviceCli.commandLine(Map.of());
    RunCommand run = cl.getSubcommands().get("run").getCommand();

    // Execute
    CompletableFuture<Result> done =
        CompletableFuture.supplyAsync(() -> execute(cl, "run", "--config", config.toString()));
    assertThat(run.awaitStarted(60)).as("device started").isTrue();
    run.stop();

    // Assert
    Result r = done.get(60, TimeUnit.SECONDS);
    assertThat(r.code()).isEqualTo(DeviceCli.OK);
    assertThat(r.err()).contains("pi-cli running");
  }

  @Test
  void probe_printsTheFixturesResourcesAsJson() {
    Result r =
        cli(
            Map.of(),
            "probe",
            "--root",
            resource("sysroot/pi4").toString(),
            "--benchmark-millis",
            "20");

    assertThat(r.code()).as(r.err()).isEqualTo(DeviceCli.OK);
    Resources res =
        new Messages().read(r.out().strip().getBytes(StandardCharsets.UTF_8), Resources.class);
    assertThat(res.memTotalBytes()).isEqualTo(3_884_244L * 1024);
    assertThat(res.memAvailableBytes()).isEqualTo(3_429_164L * 1024);
    assertThat(res.cpus()).isEqualTo(4);
    assertThat(res.batteryPercent()).isEqualTo(87.0);
    assertThat(res.charging()).isFalse();
    assertThat(res.benchmarkGflops()).isPositive();
  }

  @Test
  void probe_exits1NamingTheFile_whenProcSaysSomethingElse() {
    Result r =
        cli(
            Map.of(),
            "probe",
            "--root",
            resource("sysroot/broken").toString(),
            "--benchmark-millis",
            "5");

    assertThat(r.code()).isEqualTo(DeviceCli.RUNTIME_FAILURE);
    assertThat(r.err()).contains("proc/meminfo");
  }

  @Test
  void predict_usesTheStoredModelOfARealRound_andReportsAccuracyAndLatency() throws Exception {
    // Prepare: a round of local training, its model encoded with the download preset and stored
    // where the device keeps the latest model
    Dataset train = sample("train");
    Model start = MLP.initialize(1);
    Model trained;
    try (LocalTrainer trainer = new LocalTrainer()) {
      Model delta = trainer.train(MLP, FULL, start, train, TrainConfig.sgd(5, 32, 0.1, 3)).delta();
      trained = plus(start, delta);
    }
    byte[] frame =
        Presets.download()
            .encodeFrame(
                FrameMeta.model(4, "w100"), trained, EncodeContext.plain().withChain(MLP.chain()));
    Path config = write(validConfig("tcp://127.0.0.1:1"));
    new ModelStore(dir.resolve("data/model"))
        .save(new StoredModel(MLP.toString(), FULL, 4, "w100", frame));
    Evaluation expected;
    try (Predictor p =
        new Predictor(MLP, FULL, Frames.decode(frame, DecodeLimits.defaults()).model())) {
      expected = p.evaluate(sample("t10k"));
    }

    // Execute
    Result r = cli(Map.of(), "predict", "--config", config.toString());

    // Assert
    assertThat(r.code()).as(r.err()).isEqualTo(DeviceCli.OK);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("example,predicted,probability,label");
    assertThat(lines.stream().filter(l -> l.matches("\\d+,\\d,[01]\\.\\d{4},\\d"))).hasSize(200);
    assertThat(r.out())
        .contains("# model: mlp(784, 64, 10) at width 100%, version 4, variant w100")
        .contains(String.format(java.util.Locale.ROOT, "# accuracy: %.4f", expected.accuracy()))
        .containsPattern("# latency per example: mean [0-9.]+ ms, p50 [0-9.]+ ms, p99 [0-9.]+ ms")
        .contains("# latency per batch of up to 64:");
    assertThat(expected.accuracy()).as("a trained model beats chance").isGreaterThan(0.4);
  }

  @Test
  void predict_onUnlabelledIdxImagesWithALimit_printsNoAccuracy() throws Exception {
    byte[] frame =
        Presets.download()
            .encodeFrame(
                FrameMeta.model(1, "w100"),
                MLP.initialize(2),
                EncodeContext.plain().withChain(MLP.chain()));
    new ModelStore(dir.resolve("data/model"))
        .save(new StoredModel(MLP.toString(), FULL, 1, "w100", frame));
    Path config = write(validConfig("tcp://127.0.0.1:1"));
    Path images = resource("fashion-mnist-sample/t10k-images-idx3-ubyte.gz");

    Result r =
        cli(
            Map.of(),
            "predict",
            "--config",
            config.toString(),
            "--input",
            images.toString(),
            "--limit",
            "7");

    assertThat(r.code()).as(r.err()).isEqualTo(DeviceCli.OK);
    assertThat(r.out()).startsWith("example,predicted,probability\n").contains("# examples: 7");
    assertThat(r.out()).doesNotContain("accuracy");
  }

  @Test
  void predict_onACsvOfSensorReadings_withASensorModel_reportsTheAccuracy() throws Exception {
    ModelSpec sensor = ModelSpec.parse("sensor1d(4, 3)");
    byte[] frame =
        Presets.download()
            .encodeFrame(
                FrameMeta.model(2, "w100"),
                sensor.initialize(5),
                EncodeContext.plain().withChain(sensor.chain()));
    new ModelStore(dir.resolve("data/model"))
        .save(new StoredModel(sensor.toString(), FULL, 2, "w100", frame));
    Path config = write(validConfig("tcp://127.0.0.1:1"));
    Path csv =
        Files.writeString(
            dir.resolve("readings.csv"),
            "t,hum,vib,amp,state\n20.5,0.4,0.01,1.2,0\n21,0.5,0.9,3.1,2\n19.8,0.3,0.02,1.1,1\n");

    Result r =
        cli(
            Map.of(),
            "predict",
            "--config",
            config.toString(),
            "--input",
            csv.toString(),
            "--label-column",
            "state");

    assertThat(r.code()).as(r.err()).isEqualTo(DeviceCli.OK);
    assertThat(r.out().lines().filter(l -> l.matches("\\d,[0-2],[01]\\.\\d{4},[0-2]"))).hasSize(3);
    assertThat(r.out())
        .contains("# model: sensor1d(4, 3)")
        .containsPattern("# accuracy: [01]\\.\\d{4}");
  }

  @Test
  void predict_exits2NamingTheOption_whenACsvHasNoLabelColumnGiven() throws Exception {
    Path config = write(validConfig("tcp://127.0.0.1:1"));
    byte[] frame =
        Presets.download()
            .encodeFrame(
                FrameMeta.model(1, "w100"),
                MLP.initialize(2),
                EncodeContext.plain().withChain(MLP.chain()));
    new ModelStore(dir.resolve("data/model"))
        .save(new StoredModel(MLP.toString(), FULL, 1, "w100", frame));
    Path csv = Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n");

    Result r = cli(Map.of(), "predict", "--config", config.toString(), "--input", csv.toString());

    assertThat(r.code()).isEqualTo(DeviceCli.BAD_CONFIG);
    assertThat(r.err()).contains("--label-column is needed");
  }

  @Test
  void predict_exits1WithTheReason_whenNoModelWasStoredYet() throws Exception {
    Path config = write(validConfig("tcp://127.0.0.1:1"));

    Result r = cli(Map.of(), "predict", "--config", config.toString());

    assertThat(r.code()).isEqualTo(DeviceCli.RUNTIME_FAILURE);
    assertThat(r.err()).contains("no model in").contains("first round");
  }

  @Test
  void selftest_trainsOneBatchOfTheBundledSampleAndTheLossFalls() {
    Result r = cli(Map.of(), "selftest", "--steps", "3");

    assertThat(r.code()).as(r.err()).isEqualTo(DeviceCli.OK);
    assertThat(r.out())
        .contains("engine: PyTorch")
        .contains("loss per step: ")
        .contains("selftest ok");
  }

  @Test
  void version_namesTheBuildAndThePlatform() {
    Result r = cli(Map.of(), "version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("fleetlearn-device ").contains("running on: linux-");
  }

  private Path write(String properties) throws Exception {
    Path f = dir.resolve("device.properties");
    Files.writeString(f, properties);
    return f;
  }

  private static String validConfig(String broker) {
    return String.join(
        "\n",
        "device.id=pi-cli",
        "fleet=test",
        "broker.uri=" + broker,
        "data.folder=data",
        "train.images=" + resource("fashion-mnist-sample/train-images-idx3-ubyte.gz"),
        "train.labels=" + resource("fashion-mnist-sample/train-labels-idx1-ubyte.gz"),
        "test.images=" + resource("fashion-mnist-sample/t10k-images-idx3-ubyte.gz"),
        "test.labels=" + resource("fashion-mnist-sample/t10k-labels-idx1-ubyte.gz"),
        "system.root=" + resource("sysroot/host"),
        "benchmark.millis=20",
        "");
  }

  private static Dataset sample(String prefix) {
    String kind = prefix.equals("train") ? "train" : "t10k";
    return IdxReader.read(
        resource("fashion-mnist-sample/" + kind + "-images-idx3-ubyte.gz"),
        resource("fashion-mnist-sample/" + kind + "-labels-idx1-ubyte.gz"),
        10);
  }

  private static Model plus(Model a, Model b) {
    Model out = a.copy();
    for (int i = 0; i < out.size(); i++) {
      Tensor t = out.tensor(i);
      for (int k = 0; k < t.size(); k++) {
        t.set(k, t.get(k) + b.tensor(i).get(k));
      }
    }
    return out;
  }

  private static Path resource(String name) {
    try {
      return Path.of(DeviceCliTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
