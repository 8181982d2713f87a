package io.fleetlearn.aggregation.bench;

import java.util.List;
import java.util.Locale;

/** A self-contained HTML page with horizontal bar charts (inline SVG, no scripts, no network). */
final class BenchChart {
  record Bar(String label, double value) {}

  private BenchChart() {}

  static String page(String title, String note, List<String> sections) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
        + title
        + "</title><style>body{font:14px sans-serif;margin:2em;max-width:900px}"
        + "text{font:12px sans-serif}</style></head><body><h1>"
        + title
        + "</h1><p>"
        + note
        + "</p>"
        + String.join("\n", sections)
        + "</body></html>\n";
  }

  static String bars(String heading, String unit, List<Bar> bars) {
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
    int rowHeight = 26;
    int labelWidth = 230;
    int plotWidth = 520;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<h2>%s</h2><svg width=\"%d\" height=\"%d\" role=\"img\">",
            heading,
            labelWidth + plotWidth + 120,
            rowHeight * bars.size() + 10));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double w = max > 0 ? plotWidth * b.value() / max : 0;
      int y = i * rowHeight + 5;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\">%s</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\""
                  + " height=\"18\" fill=\"%s\"/><text x=\"%.1f\" y=\"%d\">%.3f %s</text>",
              y + 14,
              b.label(),
              labelWidth,
              y,
              w,
              i == 0 ? "#999" : "#3a7bd5",
              labelWidth + w + 6,
              y + 14,
              b.value(),
              unit));
    }
    return svg.append("</svg>").toString();
  }
}
