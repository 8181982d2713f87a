package io.fleetlearn.simulator.report;

import io.fleetlearn.simulator.run.Outcome;
import io.fleetlearn.simulator.run.RoundRecord;
import io.fleetlearn.simulator.run.Settings;
import java.util.List;
import java.util.Locale;

/** The self-contained HTML report: a summary, the charts as inline SVG, and the round table. */
final class Html {
  private Html() {}

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String page(Outcome o, List<LineChart> charts) {
    Settings.Training t = o.settings().training();
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>FleetLearn simulation</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;font-size:13px}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("th{background:#f4f4f4}.charts svg{margin:0 1em 1em 0}")
        .append("</style></head><body>");
    b.append("<h1>FleetLearn simulation</h1><table>");
    row(b, "Final test accuracy", pct(o.finalAccuracy()));
    row(
        b,
        "Rounds",
        Integer.toString(o.rounds().size() - 1) + " (training " + o.trainingState() + ")");
    row(b, "Devices", o.devices() + ": " + o.fleetSummary());
    row(b, "Fleet file", o.settings().fleetSource());
    row(
        b,
        "Data",
        o.dataSource()
            + ", Dirichlet α = "
            + o.settings().alpha()
            + ", seed "
            + o.settings().seed());
    row(
        b,
        "Model",
        t.spec()
            + ", "
            + t.strategy()
            + ", "
            + t.epochs()
            + " epoch(s), batch "
            + t.batchSize()
            + ", lr "
            + t.learningRate());
    row(
        b,
        "Selection",
        "fraction "
            + t.fraction()
            + ", quorum "
            + t.quorum()
            + ", deadline "
            + t.deadlineSeconds()
            + " s, sizing "
            + (t.sizing() ? "per device" : "off (full width)"));
    row(b, "Pipelines", "upload " + t.uploadPipeline() + "; download " + t.downloadPipeline());
    row(
        b,
        "Bytes up",
        Reports.bytes(o.bytesUp())
            + " (uncompressed "
            + Reports.bytes(o.denseBytesUp())
            + ", "
            + ratio(o.denseBytesUp(), o.bytesUp())
            + ")");
    row(
        b,
        "Bytes down",
        Reports.bytes(o.bytesDown())
            + " (uncompressed "
            + Reports.bytes(o.denseBytesDown())
            + ", "
            + ratio(o.denseBytesDown(), o.bytesDown())
            + ")");
    row(b, "Wall time", String.format(Locale.ROOT, "%.1f s", o.wallSeconds()));
    b.append("</table><h2>Charts</h2><div class=\"charts\">");
    for (LineChart c : charts) {
      b.append(SvgCanvas.render(c));
    }
    b.append("</div><h2>Rounds</h2><table><tr>");
    for (String h : Reports.COLUMNS) {
      b.append("<th>").append(escape(h)).append("</th>");
    }
    b.append("</tr>");
    for (RoundRecord r : o.rounds()) {
      b.append("<tr>");
      for (String v : Reports.cells(r)) {
        b.append("<td>").append(escape(v)).append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</table><p>Bytes down count each published model variant once; a device on a")
        .append(" slow link received every variant it subscribed to. Written by the FleetLearn")
        .append(" simulator: the real coordinator and device client over real MQTT.</p>")
        .append("</body></html>\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("<tr><th style=\"text-align:left\">")
        .append(escape(k))
        .append("</th><td style=\"text-align:left\">")
        .append(escape(v))
        .append("</td></tr>");
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String ratio(long dense, long actual) {
    return actual == 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.1f× smaller", dense / (double) actual);
  }
}
