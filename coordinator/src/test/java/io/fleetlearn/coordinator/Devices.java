package io.fleetlearn.coordinator;

import io.fleetlearn.device.client.DeviceClient;
import io.fleetlearn.device.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Real device clients for coordinator tests: the device-client module's Fashion-MNIST sample as
 * local data, and either the host's {@code /proc} and {@code /sys} or a recorded Raspberry Pi 4's
 * as what the resource probes read.
 */
final class Devices {
  /** The device client's test fixtures; Surefire runs each module's tests from its own folder. */
  static final Path FIXTURES = Path.of("..", "device-client", "src", "test", "resources");

  private Devices() {}

  /**
   * Starts one device.
   *
   * @param sysroot {@code host} for this machine's probes, or a recorded one under the fixtures'
   *     {@code sysroot/} (e.g. {@code pi4})
   */
  static DeviceClient start(
      String id, String fleet, int mqttPort, String password, Path folder, String sysroot)
      throws IOException {
    Path sample = FIXTURES.resolve("fashion-mnist-sample").toAbsolutePath();
    if (!Files.isDirectory(sample)) {
      throw new IllegalStateException(
          sample + " is missing; run the tests from the coordinator module folder");
    }
    Path passwordFile = folder.resolve(id + ".password");
    Files.createDirectories(folder);
    Files.writeString(passwordFile, password);
    Properties p = new Properties();
    p.setProperty("device.id", id);
    p.setProperty("fleet", fleet);
    p.setProperty("broker.uri", "tcp://127.0.0.1:" + mqttPort);
    p.setProperty("broker.username", id);
    p.setProperty("broker.password.file", passwordFile.toString());
    p.setProperty("data.folder", folder.resolve(id).toString());
    p.setProperty("train.images", sample.resolve("train-images-idx3-ubyte.gz").toString());
    p.setProperty("train.labels", sample.resolve("train-labels-idx1-ubyte.gz").toString());
    p.setProperty("test.images", sample.resolve("t10k-images-idx3-ubyte.gz").toString());
    p.setProperty("test.labels", sample.resolve("t10k-labels-idx1-ubyte.gz").toString());
    Path root =
        sysroot.equals("host") ? Path.of("/") : FIXTURES.resolve("sysroot").resolve(sysroot);
    p.setProperty("system.root", root.toAbsolutePath().toString());
    p.setProperty("benchmark.millis", "50");
    p.setProperty("status.interval.seconds", "1");
    return DeviceClient.start(ConfigLoader.fromProperties(p, "test", folder, Map.of()));
  }
}
