package io.fleetlearn.simulator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.simulator.cli.ConsoleProgress;
import io.fleetlearn.simulator.compare.Aspect;
import io.fleetlearn.simulator.compare.Comparison;
import io.fleetlearn.simulator.compare.ComparisonOutcome;
import io.fleetlearn.simulator.compare.RunSummary;
import io.fleetlearn.simulator.data.DataChoice;
import io.fleetlearn.simulator.fleet.FleetFile;
import io.fleetlearn.simulator.report.ComparisonReport;
import io.fleetlearn.simulator.run.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The end-to-end benchmark: the same 100-device mixed fleet, data split and seed trained three ways
 * on the full Fashion-MNIST, and the targets checked. Runs {@code uncompressed} (fp32 both
 * ways, full width), {@code compressed} (upload preset with error feedback, download preset, full
 * width; the same run is {@code full-width}) and {@code sized} (compressed, widths sized per device
 * to a {@value #SIZED_DEADLINE} s deadline the Pi Zeros cannot meet at full width), all three at
 * the same time in this process (each with its own coordinator, broker and fleet). Writes {@code
 * e2e.json} and, beside it, the comparison's HTML report and the runs' folders.
 *
 * <p>{@code java ... E2eBench OUT.json}; system properties {@code bench.devices} (100), {@code
 * bench.rounds} (50), {@code bench.data} (full), {@code bench.epochs} (1), {@code bench.batch} (8),
 * {@code bench.lr} (0.1), {@code bench.optimizer} (SGD), {@code bench.deadline} (60), {@code
 * bench.sizedDeadline} ({@value #SIZED_DEADLINE}), {@code bench.quorum} (1.0), {@code
 * bench.parallel} (cores; devices training at a time per run), {@code bench.concurrent} (true)
 * override the defaults (for a smoke run: {@code -Dbench.devices=10 -Dbench.rounds=2
 * -Dbench.data=bundled}).
 */
public final class E2eBench {
  static final double TARGET = 0.85;
  static final double MIN_UNCOMPRESSED = 0.87;
  static final double MAX_COMPRESSION_LOSS = 0.01;
  static final double MIN_UPLOAD_RATIO = 100;
  static final double MIN_DOWNLOAD_RATIO = 4;
  static final double MAX_SIZING_LOSS = 0.015;

  /** The sized run's deadline: short enough that the Pi Zeros cannot train at full width in it. */
  static final int SIZED_DEADLINE = 25;

  private E2eBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: E2eBench OUT.json");
      System.exit(2);
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(out.getParent());
    long t0 = System.nanoTime();
    int devices = Integer.getInteger("bench.devices", 100);
    Settings base =
        new Settings(
            fleet(devices),
            "bench fleet: " + devices + " devices, five Raspberry Pi models",
            DataChoice.parse(System.getProperty("bench.data", "full")),
            0.5,
            8,
            1,
            Integer.getInteger("bench.parallel", Runtime.getRuntime().availableProcessors()),
            new Settings.Training(
                "cnn",
                "fedavg",
                Integer.getInteger("bench.rounds", 50),
                0.2,
                Double.parseDouble(System.getProperty("bench.quorum", "1.0")),
                Integer.getInteger("bench.deadline", 60),
                Integer.getInteger("bench.epochs", 1),
                Integer.getInteger("bench.batch", 8),
                Double.parseDouble(System.getProperty("bench.lr", "0.1")),
                Optimizer.valueOf(System.getProperty("bench.optimizer", "SGD")),
                Presets.UPLOAD,
                Presets.DOWNLOAD,
                false),
            out.getParent().resolve(name(out) + "-runs"));
    Comparison.Options options =
        new Comparison.Options(
            TARGET,
            OptionalInt.of(Integer.getInteger("bench.sizedDeadline", SIZED_DEADLINE)),
            Boolean.parseBoolean(System.getProperty("bench.concurrent", "true")));
    Comparison comparison =
        new Comparison(base, List.of(Aspect.COMPRESSION, Aspect.SIZING), options);
    ComparisonOutcome c =
        comparison.run(v -> new ConsoleProgress(System.out, "[" + v.name() + "] "));
    Path html = ComparisonReport.write(c);
    double wall = (System.nanoTime() - t0) / 1e9;
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ArrayNode runs = root.putArray("runs");
    c.runs().forEach(r -> runs.add(ComparisonReport.runJson(mapper, r)));
    ArrayNode targets = root.putArray("targets");
    RunSummary unc = c.run("uncompressed");
    RunSummary cmp = c.run("compressed");
    RunSummary full = c.run("full-width");
    RunSummary sized = c.run("sized");
    target(
        mapper,
        targets,
        "uncompressed FedAvg reaches 87% test accuracy",
        unc.finalAccuracy() >= MIN_UNCOMPRESSED,
        pct(unc.finalAccuracy()));
    target(
        mapper,
        targets,
        "compressed within 1 point of uncompressed",
        cmp.finalAccuracy() >= unc.finalAccuracy() - MAX_COMPRESSION_LOSS,
        String.format(
            Locale.ROOT, "%+.2f points", 100 * (cmp.finalAccuracy() - unc.finalAccuracy())));
    double upRatio = unc.uploadBytes() / (double) Math.max(1, cmp.uploadBytes());
    target(
        mapper,
        targets,
        "compressed uploads at least 100x fewer bytes",
        upRatio >= MIN_UPLOAD_RATIO,
        String.format(Locale.ROOT, "%.1fx", upRatio));
    double downRatio = unc.downloadBytes() / (double) Math.max(1, cmp.downloadBytes());
    target(
        mapper,
        targets,
        "compressed downloads at least 4x fewer bytes",
        downRatio >= MIN_DOWNLOAD_RATIO,
        String.format(Locale.ROOT, "%.1fx", downRatio));
    target(
        mapper,
        targets,
        "sized within 1.5 points of full width",
        sized.finalAccuracy() >= full.finalAccuracy() - MAX_SIZING_LOSS,
        String.format(
            Locale.ROOT, "%+.2f points", 100 * (sized.finalAccuracy() - full.finalAccuracy())));
    target(mapper, targets, "at most 20 minutes", wall <= 20 * 60, String.format("%.0f s", wall));
    root.put("wallSeconds", wall);
    root.set("settings", mapper.valueToTree(base.training()));
    root.put("sizedDeadlineSeconds", options.sizedDeadlineSeconds().getAsInt());
    root.put("concurrent", options.concurrent());
    root.put("devices", devices);
    root.put("fleet", unc.outcome().fleetSummary());
    root.put("data", unc.outcome().dataSource());
    root.put("alpha", base.alpha());
    root.put("seed", base.seed());
    root.put("java", System.getProperty("java.version"));
    root.put("cpus", Runtime.getRuntime().availableProcessors());
    root.put("report", out.getParent().relativize(html).toString());
    Files.writeString(out, mapper.writeValueAsString(root));
    System.out.println();
    c.runs().forEach(r -> System.out.println(ComparisonReport.line(r)));
    targets.forEach(
        t ->
            System.out.printf(
                "%s %s: %s%n",
                t.get("met").asBoolean() ? "MET " : "MISS",
                t.get("target").asText(),
                t.get("measured").asText()));
    System.out.println("wrote " + out + " and " + html);
    // Paho and HiveMQ leave non-daemon threads behind after a clean close: exit explicitly.
    System.exit(0);
  }

  /** {@code devices / 5} of each profile; links as such boards are usually connected. */
  static FleetFile fleet(int devices) throws IOException {
    if (devices < 5 || devices % 5 != 0) {
      throw new IllegalArgumentException("bench.devices (" + devices + ") must be a multiple of 5");
    }
    int n = devices / 5;
    return FleetFile.fromYaml(
        String.format(
            Locale.ROOT,
            """
            devices:
              - {profile: pi-zero-2w, count: %d, link: wifi, battery: {percent: 100, charging: true}}
              - {profile: pi-3b-plus, count: %d, link: wifi}
              - {profile: pi-4-2gb, count: %d, link: wifi}
              - {profile: pi-4-4gb, count: %d, link: ethernet}
              - {profile: pi-5-8gb, count: %d, link: ethernet}
            """,
            n,
            n,
            n,
            n,
            n));
  }

  private static void target(
      ObjectMapper mapper, ArrayNode targets, String what, boolean met, String measured) {
    ObjectNode t = mapper.createObjectNode();
    t.put("target", what);
    t.put("met", met);
    t.put("measured", measured);
    targets.add(t);
  }

  private static String name(Path out) {
    String f = out.getFileName().toString();
    return f.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }
}
