package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.bench.CompressionBench.Row;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** A self-contained HTML page of horizontal bar charts (inline SVG, no scripts, no network). */
final class BenchReport {
  private BenchReport() {}

  static String html(double memcpyMBps, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>FleetLearn compression")
        .append(" benchmark</title><style>body{font:14px system-ui,sans-serif;margin:2em}")
        .append("h2{margin-top:2em}text{font:12px system-ui,sans-serif}</style></head><body>")
        .append("<h1>FleetLearn compression benchmark</h1>")
        .append(
            String.format(
                Locale.ROOT,
                "<p>One core. Throughput is MB/s of dense float32 input; the memory-copy baseline"
                    + " measured in the same run is %.0f MB/s.</p>",
                memcpyMBps));
    for (String input : List.of(BenchInputs.UPDATE_1M, BenchInputs.CNN)) {
      List<Row> rs = rows.stream().filter(r -> r.input().equals(input)).toList();
      sb.append("<h2>").append(input).append("</h2>");
      sb.append(
          chart(
              "Size ratio against dense fp32 (log scale, higher is smaller)",
              rs,
              Row::ratio,
              true,
              "x"));
      sb.append(chart("Relative L2 error", rs, Row::relL2Error, false, ""));
      sb.append(chart("Encode MB/s", rs, Row::encodeMBps, true, ""));
      sb.append(chart("Decode MB/s", rs, Row::decodeMBps, true, ""));
    }
    return sb.append("</body></html>\n").toString();
  }

  private static String chart(
      String title, List<Row> rows, ToDoubleFunction<Row> value, boolean log, String unit) {
    int label = 330;
    int width = 520;
    int bar = 16;
    int height = rows.size() * (bar + 4) + 10;
    double max = rows.stream().mapToDouble(value).max().orElse(1);
    double lo = log ? 1 : 0;
    StringBuilder sb = new StringBuilder("<h3>").append(title).append("</h3>");
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
            label + width + 90,
            height,
            title));
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double v = value.applyAsDouble(r);
      double frac =
          log
              ? Math.log(Math.max(v, lo)) / Math.log(Math.max(max, lo + 1e-9) + 1e-9)
              : v / (max == 0 ? 1 : max);
      int w = (int) Math.max(1, Math.round(Math.min(1, Math.max(0, frac)) * width));
      int y = 5 + i * (bar + 4);
      String color =
          r.name().startsWith("upload") || r.name().startsWith("download") ? "#d9480f" : "#1c7ed6";
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s%s</text>",
              label - 6,
              y + 12,
              escape(r.name()),
              label,
              y,
              w,
              bar,
              color,
              label + w + 4,
              y + 12,
              v >= 100
                  ? String.format(Locale.ROOT, "%.0f", v)
                  : String.format(Locale.ROOT, "%.3g", v),
              unit));
    }
    return sb.append("</svg>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
