package io.fleetlearn.device.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What this build is ({@code fleetlearn-device-build.properties}, written by the build) and where
 * it runs. The platform the jar's PyTorch natives were built for is compared with the JVM's, since
 * a linux-x86_64 jar on a Pi fails only when the engine loads.
 */
final class BuildInfo implements IVersionProvider {
  private static final String RESOURCE = "/fleetlearn-device-build.properties";

  /** The build's properties; "unknown" values when run from an unfiltered class folder. */
  static Properties properties() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // A missing file only costs the version text.
    }
    return p;
  }

  /** {@code linux-x86_64} or {@code linux-aarch64} for the running JVM. */
  static String runningPlatform() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
    return (os.startsWith("linux") ? "linux" : os.replace(' ', '_')) + "-" + a;
  }

  @Override
  public String[] getVersion() {
    Properties p = properties();
    String built = p.getProperty("platform", "unknown");
    String running = runningPlatform();
    return new String[] {
      "fleetlearn-device " + p.getProperty("version", "unknown"),
      "natives: PyTorch "
          + p.getProperty("pytorch", "?")
          + " for "
          + built
          + " (DJL "
          + p.getProperty("djl", "?")
          + ")",
      "running on: "
          + running
          + ", Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + "), "
          + Runtime.getRuntime().availableProcessors()
          + " CPUs, max heap "
          + (Runtime.getRuntime().maxMemory() >> 20)
          + " MB",
      built.equals(running) || built.equals("unknown")
          ? "platform: ok"
          : "platform: MISMATCH: this jar carries "
              + built
              + " natives; use the "
              + running
              + " jar"
    };
  }
}
