package io.fleetlearn.simulator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlearn.simulator.compare.Aspect;
import io.fleetlearn.simulator.compare.ComparisonOutcome;
import io.fleetlearn.simulator.compare.RunSummary;
import io.fleetlearn.simulator.run.RoundRecord;
import io.fleetlearn.simulator.run.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A comparison's reports, next to its runs' folders (whose own reports it writes too): {@code
 * comparison.json}, a self-contained {@code comparison.html} with each aspect's two runs side by
 * side and every run's accuracy on one chart, and the charts as {@code comparison-accuracy.png} and
 * {@code comparison-upload.png}.
 */
public final class ComparisonReport {
  private static final Map<String, String> COLORS =
      Map.of(
          "uncompressed", "#7f7f7f",
          "compressed", "#1f77b4",
          "full-width", "#ff7f0e",
          "sized", "#2ca02c");
  private static final String[] MORE = {"#9467bd", "#8c564b", "#e377c2", "#17becf"};

  private ComparisonReport() {}

  /** Writes every report, each run's own reports too; returns the HTML report's path. */
  public static Path write(ComparisonOutcome c) throws IOException {
    for (RunSummary r : c.runs()) {
      if (r.sameRunAs().isEmpty()) {
        Reports.write(r.outcome());
      }
    }
    Files.writeString(c.folder().resolve("comparison.json"), json(c));
    List<LineChart> charts = charts(c);
    Files.writeString(c.folder().resolve("comparison.html"), html(c, charts));
    PngCanvas.write(charts.get(0), c.folder().resolve("comparison-accuracy.png"));
    PngCanvas.write(charts.get(1), c.folder().resolve("comparison-upload.png"));
    return c.folder().resolve("comparison.html");
  }

  /** One console line per run: accuracy, bytes, rounds to the target, wall time. */
  public static String line(RunSummary r) {
    return String.format(
        Locale.ROOT,
        "%-13s final accuracy %5.1f%%  up %s  down %s  rounds to %.0f%%: %s  wall %.0f s%s",
        r.name(),
        100 * r.finalAccuracy(),
        Reports.bytes(r.uploadBytes()),
        Reports.bytes(r.downloadBytes()),
        100 * r.target(),
        r.roundsToTarget().isPresent() ? r.roundsToTarget().getAsInt() : "not reached",
        r.wallSeconds(),
        r.sameRunAs().map(x -> "  (same run as " + x + ")").orElse(""));
  }

  /** {@code roundsTo85} for a target of 0.85. */
  public static String roundsKey(double target) {
    return "roundsTo" + Math.round(100 * target);
  }

  /** {@code secondsTo85} for a target of 0.85. */
  public static String secondsKey(double target) {
    return "secondsTo" + Math.round(100 * target);
  }

  /** One run as JSON; {@code roundsToNN} and {@code secondsToNN} are null when never reached. */
  public static ObjectNode runJson(ObjectMapper mapper, RunSummary r) {
    ObjectNode n = mapper.createObjectNode();
    n.put("name", r.name());
    n.put("finalAccuracy", r.finalAccuracy());
    n.put("uploadBytes", r.uploadBytes());
    n.put("downloadBytes", r.downloadBytes());
    String rounds = roundsKey(r.target());
    if (r.roundsToTarget().isPresent()) {
      n.put(rounds, r.roundsToTarget().getAsInt());
    } else {
      n.putNull(rounds);
    }
    n.put("wallSeconds", r.wallSeconds());
    String seconds = secondsKey(r.target());
    if (r.secondsToTarget().isPresent()) {
      n.put(seconds, r.secondsToTarget().getAsDouble());
    } else {
      n.putNull(seconds);
    }
    n.put("denseUploadBytes", r.denseUploadBytes());
    n.put("denseDownloadBytes", r.denseDownloadBytes());
    n.put("rounds", r.outcome().rounds().size() - 1);
    n.put("trainingState", r.outcome().trainingState());
    r.sameRunAs().ifPresentOrElse(s -> n.put("sameRunAs", s), () -> n.putNull("sameRunAs"));
    Settings.Training t = r.outcome().settings().training();
    n.put("upload", t.uploadPipeline());
    n.put("download", t.downloadPipeline());
    n.put("sizing", t.sizing());
    n.put("deadlineSeconds", t.deadlineSeconds());
    n.put("meanRoundSeconds", meanRoundSeconds(r));
    n.set("widths", mapper.valueToTree(widths(r)));
    n.put("runFolder", r.outcome().runFolder().toString());
    ArrayNode acc = n.putArray("accuracy");
    r.outcome().rounds().forEach(x -> acc.add(x.accuracy()));
    return n;
  }

  private static String json(ComparisonOutcome c) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("target", c.target());
    ArrayNode aspects = root.putArray("aspects");
    c.aspects().forEach(a -> aspects.add(a.name().toLowerCase(Locale.ROOT)));
    ArrayNode runs = root.putArray("runs");
    c.runs().forEach(r -> runs.add(runJson(mapper, r)));
    return mapper.writeValueAsString(root);
  }

  /** " (sized: 10 s)" for the runs whose deadline is not {@code usual}. */
  private static String otherDeadlines(ComparisonOutcome c, int usual) {
    StringBuilder b = new StringBuilder();
    for (RunSummary r : c.runs()) {
      int d = r.outcome().settings().training().deadlineSeconds();
      if (d != usual) {
        b.append(b.length() == 0 ? " (" : ", ")
            .append(r.name())
            .append(": ")
            .append(d)
            .append(" s");
      }
    }
    return b.length() == 0 ? "" : b.append(')').toString();
  }

  /** The mean of the training rounds' times (task out to close), 0 for none. */
  static double meanRoundSeconds(RunSummary r) {
    return r.outcome().rounds().stream()
        .filter(x -> x.round() > 0)
        .mapToDouble(RoundRecord::roundSeconds)
        .average()
        .orElse(0);
  }

  /** Devices per width over all rounds, e.g. {"0.50": 31, "1.00": 969}. */
  static Map<String, Integer> widths(RunSummary r) {
    Map<String, Integer> all = new TreeMap<>();
    for (RoundRecord x : r.outcome().rounds()) {
      x.widths().forEach((k, v) -> all.merge(k, v, Integer::sum));
    }
    return all;
  }

  private static List<LineChart> charts(ComparisonOutcome c) {
    List<Series> acc = new ArrayList<>();
    List<Series> up = new ArrayList<>();
    int more = 0;
    for (RunSummary r : c.runs()) {
      if (r.sameRunAs().isPresent()) {
        continue;
      }
      String color = COLORS.getOrDefault(r.name(), MORE[more++ % MORE.length]);
      List<RoundRecord> rounds = r.outcome().rounds();
      List<Double> xs = rounds.stream().map(x -> (double) x.round()).toList();
      acc.add(new Series(label(c, r), color, xs, rounds.stream().map(x -> x.accuracy()).toList()));
      List<Double> cumulative = new ArrayList<>();
      long sum = 0;
      for (RoundRecord x : rounds) {
        sum += x.bytesUp();
        cumulative.add(x.round() == 0 ? Double.NaN : (double) sum);
      }
      up.add(new Series(label(c, r), color, xs, cumulative));
    }
    return List.of(
        new LineChart("Test accuracy of the global model", "round", "accuracy", acc, false),
        new LineChart("Upload bytes, cumulative (log scale)", "round", "bytes", up, true));
  }

  private static String label(ComparisonOutcome c, RunSummary r) {
    List<String> names = new ArrayList<>();
    for (RunSummary o : c.runs()) {
      if (o == r || o.sameRunAs().filter(r.name()::equals).isPresent()) {
        names.add(o.name());
      }
    }
    return String.join(" = ", names);
  }

  private static String html(ComparisonOutcome c, List<LineChart> charts) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>FleetLearn comparison</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;font-size:13px;margin-bottom:1.5em}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("th{background:#f4f4f4}.charts svg{margin:0 1em 1em 0}")
        .append("</style></head><body><h1>FleetLearn comparison</h1>");
    RunSummary any = c.runs().get(0);
    Settings s = any.outcome().settings();
    Settings.Training t = s.training();
    b.append("<p>")
        .append(Html.escape(any.outcome().devices() + " devices: " + any.outcome().fleetSummary()))
        .append("<br>")
        .append(
            Html.escape(
                any.outcome().dataSource()
                    + ", Dirichlet α = "
                    + s.alpha()
                    + ", seed "
                    + s.seed()
                    + "; "
                    + t.spec()
                    + ", "
                    + t.strategy()
                    + ", "
                    + t.rounds()
                    + " rounds, fraction "
                    + t.fraction()
                    + ", quorum "
                    + t.quorum()
                    + ", deadline "
                    + t.deadlineSeconds()
                    + " s"
                    + otherDeadlines(c, t.deadlineSeconds())
                    + ", "
                    + t.epochs()
                    + " epoch(s), batch "
                    + t.batchSize()
                    + ", "
                    + t.optimizer().name().toLowerCase(Locale.ROOT)
                    + " lr "
                    + t.learningRate()))
        .append("</p>");
    for (Aspect a : c.aspects()) {
      aspectTable(b, c, a);
    }
    b.append("<h2>All runs</h2><div class=\"charts\">");
    for (LineChart chart : charts) {
      b.append(SvgCanvas.render(chart));
    }
    b.append("</div><table><tr>");
    for (String h :
        List.of(
            "run",
            "final accuracy",
            "bytes up",
            "bytes down",
            "rounds to " + pct(c.target()),
            "seconds to " + pct(c.target()),
            "wall s",
            "widths",
            "report")) {
      b.append("<th>").append(Html.escape(h)).append("</th>");
    }
    b.append("</tr>");
    for (RunSummary r : c.runs()) {
      String report =
          c.folder().relativize(r.outcome().runFolder().resolve("report.html")).toString();
      b.append("<tr>");
      cell(b, r.name() + r.sameRunAs().map(x -> " (= " + x + ")").orElse(""));
      cell(b, pct(r.finalAccuracy()));
      cell(b, Reports.bytes(r.uploadBytes()));
      cell(b, Reports.bytes(r.downloadBytes()));
      cell(b, r.roundsToTarget().isPresent() ? "" + r.roundsToTarget().getAsInt() : "not reached");
      cell(
          b,
          r.secondsToTarget().isPresent()
              ? String.format(Locale.ROOT, "%.0f", r.secondsToTarget().getAsDouble())
              : "—");
      cell(b, String.format(Locale.ROOT, "%.0f", r.wallSeconds()));
      cell(b, widths(r).toString());
      b.append("<td><a href=\"")
          .append(Html.escape(report))
          .append("\">")
          .append(Html.escape(report))
          .append("</a></td></tr>");
    }
    b.append("</table><p>Runs with the same settings are one run reported under both names.")
        .append(" Bytes down count each published model variant once. Written by the FleetLearn")
        .append(" simulator: the real coordinator and device client over real MQTT.</p>")
        .append("</body></html>\n");
    return b.toString();
  }

  private static void aspectTable(StringBuilder b, ComparisonOutcome c, Aspect a) {
    RunSummary ref = c.run(a.reference());
    RunSummary cand = c.run(a.candidate());
    b.append("<h2>")
        .append(Html.escape(a.reference() + " vs " + a.candidate()))
        .append("</h2><table><tr><th></th><th>")
        .append(Html.escape(a.reference()))
        .append("</th><th>")
        .append(Html.escape(a.candidate()))
        .append("</th><th>")
        .append(Html.escape(a.candidate() + " against " + a.reference()))
        .append("</th></tr>");
    compareRow(
        b,
        "final accuracy",
        pct(ref.finalAccuracy()),
        pct(cand.finalAccuracy()),
        String.format(
            Locale.ROOT, "%+.1f points", 100 * (cand.finalAccuracy() - ref.finalAccuracy())));
    compareRow(
        b,
        "bytes up",
        Reports.bytes(ref.uploadBytes()),
        Reports.bytes(cand.uploadBytes()),
        times(ref.uploadBytes(), cand.uploadBytes()));
    compareRow(
        b,
        "bytes down",
        Reports.bytes(ref.downloadBytes()),
        Reports.bytes(cand.downloadBytes()),
        times(ref.downloadBytes(), cand.downloadBytes()));
    compareRow(
        b,
        "rounds to " + pct(c.target()),
        ref.roundsToTarget().isPresent() ? "" + ref.roundsToTarget().getAsInt() : "not reached",
        cand.roundsToTarget().isPresent() ? "" + cand.roundsToTarget().getAsInt() : "not reached",
        "");
    compareRow(
        b,
        "wall time",
        String.format(Locale.ROOT, "%.0f s", ref.wallSeconds()),
        String.format(Locale.ROOT, "%.0f s", cand.wallSeconds()),
        "");
    double refRound = meanRoundSeconds(ref);
    double candRound = meanRoundSeconds(cand);
    compareRow(
        b,
        "mean round time",
        String.format(Locale.ROOT, "%.1f s", refRound),
        String.format(Locale.ROOT, "%.1f s", candRound),
        candRound > 0 ? String.format(Locale.ROOT, "%.2f× as long", candRound / refRound) : "");
    Settings.Training rt = ref.outcome().settings().training();
    Settings.Training ct = cand.outcome().settings().training();
    compareRow(b, "round deadline", rt.deadlineSeconds() + " s", ct.deadlineSeconds() + " s", "");
    compareRow(b, "widths assigned", widths(ref).toString(), widths(cand).toString(), "");
    compareRow(
        b,
        "pipelines",
        rt.uploadPipeline() + " / " + rt.downloadPipeline(),
        ct.uploadPipeline() + " / " + ct.downloadPipeline(),
        "");
    b.append("</table>");
  }

  private static void compareRow(StringBuilder b, String k, String ref, String cand, String diff) {
    b.append("<tr><th style=\"text-align:left\">").append(Html.escape(k)).append("</th>");
    cell(b, ref);
    cell(b, cand);
    cell(b, diff);
    b.append("</tr>");
  }

  private static void cell(StringBuilder b, String v) {
    b.append("<td>").append(Html.escape(v)).append("</td>");
  }

  private static String times(long ref, long cand) {
    return cand == 0 ? "" : String.format(Locale.ROOT, "%.1f× fewer", ref / (double) cand);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
