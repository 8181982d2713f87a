package io.fleetlearn.simulator.report;

import java.util.List;

/**
 * One line of a chart.
 *
 * @param name the legend text
 * @param color a CSS/hex colour, e.g. {@code #1f77b4}
 * @param xs x values
 * @param ys y values (NaN values are skipped)
 */
public record Series(String name, String color, List<Double> xs, List<Double> ys) {
  public Series {
    xs = List.copyOf(xs);
    ys = List.copyOf(ys);
    if (xs.size() != ys.size()) {
      throw new IllegalArgumentException(
          "series " + name + " has " + xs.size() + " x and " + ys.size() + " y values");
    }
  }
}
