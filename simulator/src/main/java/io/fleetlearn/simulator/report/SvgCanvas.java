package io.fleetlearn.simulator.report;

import java.util.Locale;

/** Draws a {@link LineChart} as an inline SVG element. */
final class SvgCanvas implements LineChart.Canvas {
  private final StringBuilder out = new StringBuilder();

  static String render(LineChart chart) {
    SvgCanvas c = new SvgCanvas();
    c.out.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" role=\"img\" aria-label=\"%s\">",
            LineChart.WIDTH,
            LineChart.HEIGHT,
            LineChart.WIDTH,
            LineChart.HEIGHT,
            Html.escape(chart.title())));
    c.out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    chart.draw(c);
    c.out.append("</svg>");
    return c.out.toString();
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String color, double width) {
    out.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
            x1,
            y1,
            x2,
            y2,
            color,
            width));
  }

  @Override
  public void text(double x, double y, String text, String anchor, int size, String color) {
    out.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>",
            x,
            y,
            anchor,
            size,
            color,
            Html.escape(text)));
  }

  @Override
  public void circle(double x, double y, double r, String color) {
    out.append(
        String.format(
            Locale.ROOT,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>",
            x,
            y,
            r,
            color));
  }
}
