package io.fleetlearn.simulator.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Draws a {@link LineChart} into a PNG with Java2D (headless; no chart library needed). */
final class PngCanvas implements LineChart.Canvas {
  private final Graphics2D g;

  private PngCanvas(Graphics2D g) {
    this.g = g;
  }

  static void write(LineChart chart, Path file) throws IOException {
    // Scaled 2x so the PNG is sharp on high-density screens.
    BufferedImage img =
        new BufferedImage(LineChart.WIDTH * 2, LineChart.HEIGHT * 2, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(2, 2);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, LineChart.WIDTH, LineChart.HEIGHT);
      chart.draw(new PngCanvas(g));
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String color, double width) {
    g.setColor(Color.decode(color));
    g.setStroke(new BasicStroke((float) width));
    g.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  @Override
  public void text(double x, double y, String text, String anchor, int size, String color) {
    g.setColor(Color.decode(color));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    int w = g.getFontMetrics().stringWidth(text);
    double dx =
        switch (anchor) {
          case "middle" -> -w / 2.0;
          case "end" -> -w;
          default -> 0;
        };
    g.drawString(text, (float) (x + dx), (float) y);
  }

  @Override
  public void circle(double x, double y, double r, String color) {
    g.setColor(Color.decode(color));
    g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
  }
}
