package io.fleetlearn.simulator.report;

import java.util.List;
import java.util.Locale;

/**
 * A line chart with axes, drawn by both back ends ({@link SvgCanvas}, {@link PngCanvas}) from the
 * same layout code, so the HTML and PNG charts cannot disagree.
 *
 * @param title the title
 * @param xLabel the x axis label
 * @param yLabel the y axis label
 * @param series the lines
 * @param logY whether the y axis is logarithmic (for bytes spanning orders of magnitude)
 */
public record LineChart(
    String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
  static final int WIDTH = 640;
  static final int HEIGHT = 360;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  public LineChart {
    series = List.copyOf(series);
  }

  /** What the two back ends draw with. */
  interface Canvas {
    void line(double x1, double y1, double x2, double y2, String color, double width);

    void text(double x, double y, String text, String anchor, int size, String color);

    void circle(double x, double y, double r, String color);
  }

  void draw(Canvas c) {
    double[] xr = range(true);
    double[] yr = range(false);
    double pw = WIDTH - LEFT - RIGHT;
    double ph = HEIGHT - TOP - BOTTOM;
    c.text(WIDTH / 2.0, 22, title, "middle", 15, "#222222");
    c.line(LEFT, TOP + ph, LEFT + pw, TOP + ph, "#444444", 1);
    c.line(LEFT, TOP, LEFT, TOP + ph, "#444444", 1);
    for (int i = 0; i <= 4; i++) {
      double fy = i / 4.0;
      double y = TOP + ph - fy * ph;
      double v = unscale(yr[0] + fy * (yr[1] - yr[0]));
      c.line(LEFT, y, LEFT + pw, y, "#e4e4e4", 1);
      c.text(LEFT - 6, y + 4, label(v), "end", 11, "#444444");
      double xv = xr[0] + fy * (xr[1] - xr[0]);
      double x = LEFT + fy * pw;
      c.text(x, TOP + ph + 16, label(xv), "middle", 11, "#444444");
    }
    c.text(LEFT + pw / 2, HEIGHT - 10, xLabel, "middle", 12, "#222222");
    c.text(14, TOP - 10, yLabel, "start", 12, "#222222");
    int legendY = TOP + 14;
    for (Series s : series) {
      double px = Double.NaN;
      double py = Double.NaN;
      for (int i = 0; i < s.xs().size(); i++) {
        double y = scale(s.ys().get(i));
        if (!Double.isFinite(y)) {
          continue;
        }
        double x = LEFT + (s.xs().get(i) - xr[0]) / (xr[1] - xr[0]) * pw;
        double yy = TOP + ph - (y - yr[0]) / (yr[1] - yr[0]) * ph;
        if (!Double.isNaN(px)) {
          c.line(px, py, x, yy, s.color(), 2);
        }
        c.circle(x, yy, 2.5, s.color());
        px = x;
        py = yy;
      }
      c.line(LEFT + pw - 150, legendY - 4, LEFT + pw - 130, legendY - 4, s.color(), 3);
      c.text(LEFT + pw - 125, legendY, s.name(), "start", 11, "#222222");
      legendY += 16;
    }
  }

  private double scale(double v) {
    if (!logY) {
      return v;
    }
    return v > 0 ? Math.log10(v) : Double.NaN;
  }

  private double unscale(double v) {
    return logY ? Math.pow(10, v) : v;
  }

  private double[] range(boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : x ? s.xs() : s.ys()) {
        double w = x ? v : scale(v);
        if (Double.isFinite(w)) {
          lo = Math.min(lo, w);
          hi = Math.max(hi, w);
        }
      }
    }
    if (!Double.isFinite(lo)) {
      return new double[] {0, 1};
    }
    if (!x && !logY) {
      lo = Math.min(lo, 0);
      if (hi <= 1 && yLabel.equals("accuracy")) {
        hi = 1; // Accuracy on its whole scale: 40% should look like 40%.
      }
    }
    if (hi - lo < 1e-9) {
      hi = lo + 1;
    }
    return new double[] {lo, hi};
  }

  private static String label(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%.1fG", v / 1e9);
    }
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (a >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return a >= 10 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}
