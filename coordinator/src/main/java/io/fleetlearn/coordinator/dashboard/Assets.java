package io.fleetlearn.coordinator.dashboard;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/** Reads the dashboard's files from the class path: its own, and uPlot's from the webjar. */
final class Assets {
  private static final String UPLOT = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private Assets() {}

  /** The files by the name they are served under, {@code /dashboard/{name}}. Blocking. */
  static Map<String, Asset> read() {
    // The webjar's folder carries its version; its pom.properties says which.
    String uplot = "META-INF/resources/webjars/uplot/" + property(UPLOT, "version") + "/dist/";
    return Map.of(
        "index.html", asset("dashboard/index.html", "text/html; charset=utf-8"),
        "app.js", asset("dashboard/app.js", "text/javascript; charset=utf-8"),
        "app.css", asset("dashboard/app.css", "text/css; charset=utf-8"),
        "uplot.js", asset(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
        "uplot.css", asset(uplot + "uPlot.min.css", "text/css; charset=utf-8"));
  }

  private static Asset asset(String resource, String contentType) {
    try (InputStream in = open(resource)) {
      return new Asset(contentType, Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static String property(String resource, String key) {
    try (InputStream in = open(resource)) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(resource + " is missing from the class path");
    }
    return in;
  }
}
