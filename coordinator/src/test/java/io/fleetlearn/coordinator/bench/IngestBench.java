package io.fleetlearn.coordinator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.coordinator.harness.UpdateFrames;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.fleetlearn.testsupport.mosquitto.MosquittoProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates per second the coordinator ingests (issue 5's figure), with its baselines from the same
 * run: the raw MQTT receive rate of the same frames through the same broker with nothing done to
 * them, and the single-thread decode rate. Also the time from the last update of a round to its
 * stored new global model. Writes {@code ingest.json} and {@code ingest.html}.
 *
 * <p>{@code ./mvnw -B -pl coordinator -am verify -DskipTests -Dbench=ingest} (add {@code
 * -Dbench.quick=true} for a smoke run; {@code -Dbench.devices} and {@code -Dbench.rounds} override
 * the defaults).
 */
public final class IngestBench {
  /** 784·256 + 256 + 256·10 + 10 = 203,530 parameters. */
  static final String SPEC = "mlp(784, 256, 10)";

  static final String FLEET = "bench";

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "coordinator/target/bench/ingest.json");
    boolean quick = Boolean.getBoolean("bench.quick");
    int devices = Integer.getInteger("bench.devices", quick ? 20 : 100);
    int rounds = Integer.getInteger("bench.rounds", quick ? 3 : 10);

    List<BenchBroker.Kind> kinds = new ArrayList<>(List.of(BenchBroker.Kind.EMBEDDED));
    if (MosquittoProcess.findBinary().isPresent()) {
      kinds.add(BenchBroker.Kind.MOSQUITTO);
    } else {
      System.err.println("no mosquitto binary: the benchmark runs on the embedded broker only");
    }

    List<byte[]> sample = frames(1, devices);
    PhaseResult decode = RawReceive.decode(sample, quick ? 3 : 20);
    List<PhaseResult> shown = new ArrayList<>();
    List<Map<String, Object>> brokers = new ArrayList<>();
    for (BenchBroker.Kind kind : kinds) {
      PhaseResult raw = RawReceive.mqtt(kind, FLEET, devices, rounds, r -> frames(r, devices));
      CoordinatorIngest.Result ingest = CoordinatorIngest.run(kind, FLEET, SPEC, devices, rounds);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("broker", kind.label);
      m.put("phases", List.of(phase(ingest.ingest()), phase(raw)));
      m.put("ingestOverRawReceive", ingest.ingest().rate() / raw.rate());
      m.put("ingestOverDecode", ingest.ingest().rate() / decode.rate());
      m.put("lastUpdateToNewModelMillis", ingest.aggregationMillis());
      m.put("rejected", ingest.rejected());
      brokers.add(m);
      shown.add(ingest.ingest());
      shown.add(raw);
      System.out.printf(
          "%s: ingest %.0f/s, raw receive %.0f/s (ratio %.2f); last update to model %s ms%n",
          kind.label,
          ingest.ingest().rate(),
          raw.rate(),
          ingest.ingest().rate() / raw.rate(),
          ingest.aggregationMillis());
    }
    shown.add(decode);
    System.out.printf("decode only: %.0f/s%n", decode.rate());

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("model", SPEC);
    report.put("parameters", ModelSpec.parse(SPEC).parameterCount(Ratio.of(1)));
    report.put("uploadPipeline", Presets.UPLOAD);
    report.put("meanFrameBytes", sample.stream().mapToInt(f -> f.length).average().orElse(0));
    report.put("devices", devices);
    report.put("rounds", rounds);
    report.put("cpus", Runtime.getRuntime().availableProcessors());
    report.put("java", System.getProperty("java.version"));
    report.put("decode", phase(decode));
    report.put("brokers", brokers);

    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    Path html = out.resolveSibling(out.getFileName().toString().replace(".json", ".html"));
    Files.writeString(html, IngestChart.page(report, shown));
    System.out.println("wrote " + out + " and " + html);
    System.exit(0); // Paho and HiveMQ leave non-daemon threads behind.
  }

  private static Map<String, Object> phase(PhaseResult p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("messages", p.messages());
    m.put("seconds", p.seconds());
    m.put("perSecond", p.rate());
    return m;
  }

  /** One pre-encoded update frame per device for round {@code round}, as the devices send them. */
  static List<byte[]> frames(int round, int devices) {
    TaskMessage task =
        new TaskMessage(
            TaskType.TRAIN,
            round,
            round - 1,
            "w100",
            SPEC,
            Ratio.ONE,
            Presets.UPLOAD,
            1,
            32,
            0.05,
            Optimizer.SGD,
            0,
            0,
            System.currentTimeMillis() + 600_000);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      String id = DevicePool.id(i);
      frames.add(
          UpdateFrames.encode(task, id, UpdateFrames.delta(task, round * 1000L + i), 600, round));
    }
    return frames;
  }
}
