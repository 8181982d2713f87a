package io.fleetlearn.coordinator.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's HTML page: the rates as horizontal bars (inline SVG, no script, no network). */
final class IngestChart {
  private IngestChart() {}

  static String page(Map<String, Object> report, List<PhaseResult> phases) {
    double max = phases.stream().mapToDouble(PhaseResult::rate).max().orElse(1);
    int row = 28;
    int label = 330;
    int plot = 420;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" role=\"img\">",
            label + plot + 140,
            row * phases.size() + 10));
    for (int i = 0; i < phases.size(); i++) {
      PhaseResult p = phases.get(i);
      double w = plot * p.rate() / max;
      int y = i * row + 5;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\">%s</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\""
                  + " fill=\"%s\"/><text x=\"%.1f\" y=\"%d\">%,.0f updates/s</text>",
              y + 15,
              p.name(),
              label,
              y,
              w,
              p.name().startsWith("coordinator") ? "#3a7bd5" : "#999",
              label + w + 6,
              y + 15,
              p.rate()));
    }
    svg.append("</svg>");
    StringBuilder facts = new StringBuilder("<table>");
    report.forEach(
        (k, v) -> {
          if (!k.equals("brokers") && !k.equals("decode")) {
            facts.append("<tr><th align=left>").append(k).append("</th><td>");
            facts.append(escape(String.valueOf(v))).append("</td></tr>");
          }
        });
    facts.append("</table>");
    if (report.get("brokers") instanceof List<?> brokers) {
      for (Object b : brokers) {
        if (b instanceof Map<?, ?> m) {
          facts
              .append("<h2>")
              .append(escape(String.valueOf(m.get("broker"))))
              .append("</h2><table>");
          m.forEach(
              (k, v) -> {
                if (!k.equals("phases") && !k.equals("broker")) {
                  facts.append("<tr><th align=left>").append(k).append("</th><td>");
                  facts.append(escape(String.valueOf(v))).append("</td></tr>");
                }
              });
          facts.append("</table>");
        }
      }
    }
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>FleetLearn ingest"
        + " benchmark</title><style>body{font:14px sans-serif;margin:2em;max-width:960px}"
        + "text{font:12px sans-serif}th{padding-right:1em}</style></head><body>"
        + "<h1>Coordinator ingest</h1><p>Updates per second: the coordinator against its"
        + " baselines from the same run (same frames, same number of publishers).</p>"
        + svg
        + facts
        + "</body></html>\n";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
