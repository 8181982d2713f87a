package io.fleetlearn.simulator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlearn.simulator.run.Outcome;
import io.fleetlearn.simulator.run.RoundRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Writes a run's reports into its run folder: {@code rounds.csv}, {@code rounds.json} (the rounds
 * and a summary), {@code report.html} (self-contained) and {@code accuracy.png}, {@code loss.png},
 * {@code bytes.png}.
 */
public final class Reports {
  /** The CSV header, also the HTML table's. */
  static final List<String> COLUMNS =
      List.of(
          "round",
          "state",
          "accuracy",
          "loss",
          "trainLoss",
          "bytesDown",
          "denseBytesDown",
          "bytesUp",
          "denseBytesUp",
          "selected",
          "participants",
          "declined",
          "missed",
          "dropouts",
          "widths",
          "roundSeconds",
          "elapsedSeconds");

  private Reports() {}

  /** Writes every report; returns the HTML report's path. */
  public static Path write(Outcome o) throws IOException {
    Path dir = o.runFolder();
    StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (RoundRecord r : o.rounds()) {
      csv.append(String.join(",", cells(r))).append('\n');
    }
    Files.writeString(dir.resolve("rounds.csv"), csv);
    Files.writeString(dir.resolve("rounds.json"), json(o));
    List<LineChart> charts = charts(o);
    Files.writeString(dir.resolve("report.html"), Html.page(o, charts));
    String[] names = {"accuracy.png", "loss.png", "bytes.png"};
    for (int i = 0; i < charts.size(); i++) {
      PngCanvas.write(charts.get(i), dir.resolve(names[i]));
    }
    return dir.resolve("report.html");
  }

  static List<String> cells(RoundRecord r) {
    List<String> out = new ArrayList<>();
    out.add(Long.toString(r.round()));
    out.add(r.state());
    out.add(num(r.accuracy()));
    out.add(num(r.loss()));
    out.add(num(r.trainLoss()));
    out.add(Long.toString(r.bytesDown()));
    out.add(Long.toString(r.denseBytesDown()));
    out.add(Long.toString(r.bytesUp()));
    out.add(Long.toString(r.denseBytesUp()));
    out.add(Integer.toString(r.selected()));
    out.add(Integer.toString(r.participants()));
    out.add(Integer.toString(r.declined()));
    out.add(Integer.toString(r.missed()));
    out.add(Integer.toString(r.dropouts()));
    List<String> w = new ArrayList<>();
    r.widths().forEach((k, v) -> w.add(k + "x" + v));
    out.add(String.join(" ", w));
    out.add(num(r.roundSeconds()));
    out.add(num(r.elapsedSeconds()));
    return out;
  }

  /** "1.2 MB" */
  public static String bytes(long b) {
    if (b >= 1 << 20) {
      return String.format(Locale.ROOT, "%.2f MB", b / 1048576.0);
    }
    if (b >= 1 << 10) {
      return String.format(Locale.ROOT, "%.1f kB", b / 1024.0);
    }
    return b + " B";
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
  }

  private static String json(Outcome o) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ObjectNode s = root.putObject("summary");
    s.put("finalAccuracy", o.finalAccuracy());
    s.put("rounds", o.rounds().size() - 1);
    s.put("trainingState", o.trainingState());
    s.put("devices", o.devices());
    s.put("fleet", o.fleetSummary());
    s.put("data", o.dataSource());
    s.put("bytesUp", o.bytesUp());
    s.put("denseBytesUp", o.denseBytesUp());
    s.put("bytesDown", o.bytesDown());
    s.put("denseBytesDown", o.denseBytesDown());
    s.put("wallSeconds", o.wallSeconds());
    s.set("training", mapper.valueToTree(o.settings().training()));
    s.put("alpha", o.settings().alpha());
    s.put("seed", o.settings().seed());
    ArrayNode rounds = root.putArray("rounds");
    for (RoundRecord r : o.rounds()) {
      ObjectNode n = mapper.valueToTree(r);
      // NaN is not JSON: a missing value is null.
      n.properties()
          .forEach(
              e -> {
                if (e.getValue().isDouble() && !Double.isFinite(e.getValue().doubleValue())) {
                  n.putNull(e.getKey());
                }
              });
      rounds.add(n);
    }
    return mapper.writeValueAsString(root);
  }

  private static List<LineChart> charts(Outcome o) {
    List<Double> xs = o.rounds().stream().map(r -> (double) r.round()).toList();
    List<RoundRecord> trained = o.rounds().stream().filter(r -> r.round() > 0).toList();
    List<Double> txs = trained.stream().map(r -> (double) r.round()).toList();
    return List.of(
        new LineChart(
            "Test accuracy of the global model",
            "round",
            "accuracy",
            List.of(
                new Series("test accuracy", "#1f77b4", xs, ys(o.rounds(), RoundRecord::accuracy))),
            false),
        new LineChart(
            "Loss",
            "round",
            "loss",
            List.of(
                new Series("test loss", "#d62728", xs, ys(o.rounds(), RoundRecord::loss)),
                new Series(
                    "train loss (devices)", "#ff7f0e", xs, ys(o.rounds(), RoundRecord::trainLoss))),
            false),
        new LineChart(
            "Bytes per round (log scale)",
            "round",
            "bytes",
            List.of(
                new Series("up", "#2ca02c", txs, ys(trained, r -> r.bytesUp())),
                new Series("up, uncompressed", "#98df8a", txs, ys(trained, r -> r.denseBytesUp())),
                new Series("down", "#9467bd", txs, ys(trained, r -> r.bytesDown())),
                new Series(
                    "down, uncompressed", "#c5b0d5", txs, ys(trained, r -> r.denseBytesDown()))),
            true));
  }

  private static List<Double> ys(List<RoundRecord> rounds, ToDoubleFunction<RoundRecord> f) {
    return rounds.stream().map(r -> f.applyAsDouble(r)).toList();
  }
}
