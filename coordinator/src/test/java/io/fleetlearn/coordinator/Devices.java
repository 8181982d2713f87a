package io.fleetlearn.coordinator;

import io.fleetlearn.device.client.DeviceClient;
import io.fleetlearn.device.config.ConfigLoader;
import io.fleetlearn.device.config.DeviceConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

/**
 * Real device clients for the round tests: each gets its own shard of the bundled Fashion-MNIST
 * sample (600 training examples split evenly, in order) and the whole 200-example test sample.
 */
public final class Devices implements AutoCloseable {
  private final List<DeviceClient> clients = new ArrayList<>();

  private Devices() {}

  /** Starts {@code n} devices {@code d-0 … d-(n-1)} against the broker on {@code mqttPort}. */
  public static Devices start(int n, int mqttPort, Path folder, Map<String, String> extra)
      throws IOException {
    Devices d = new Devices();
    Path sample = sample(folder.resolve("sample"));
    byte[] images = gunzip(sample.resolve("train-images-idx3-ubyte.gz"));
    byte[] labels = gunzip(sample.resolve("train-labels-idx1-ubyte.gz"));
    Path password =
        Files.writeString(folder.resolve("device-password"), TestSupport.DEVICE_PASSWORD);
    for (int i = 0; i < n; i++) {
      String id = "d-" + i;
      Path dir = Files.createDirectories(folder.resolve(id));
      Path img = dir.resolve("train-images.idx");
      Path lab = dir.resolve("train-labels.idx");
      shard(images, labels, i, n, img, lab);
      Properties p = new Properties();
      p.setProperty("device.id", id);
      p.setProperty("fleet", TestSupport.FLEET);
      p.setProperty("broker.uri", "tcp://127.0.0.1:" + mqttPort);
      p.setProperty("broker.username", id);
      p.setProperty("broker.password.file", password.toString());
      p.setProperty("data.folder", dir.resolve("state").toString());
      p.setProperty("train.images", img.toString());
      p.setProperty("train.labels", lab.toString());
      p.setProperty("test.images", sample.resolve("t10k-images-idx3-ubyte.gz").toString());
      p.setProperty("test.labels", sample.resolve("t10k-labels-idx1-ubyte.gz").toString());
      p.setProperty("benchmark.millis", "50");
      p.setProperty("status.interval.seconds", "1");
      extra.forEach(p::setProperty);
      DeviceConfig config = ConfigLoader.fromProperties(p, "test", folder, Map.of());
      d.clients.add(DeviceClient.start(config));
    }
    return d;
  }

  public List<DeviceClient> clients() {
    return clients;
  }

  @Override
  public void close() {
    for (DeviceClient c : clients) {
      c.close();
    }
  }

  /** Writes examples {@code [i·N/n, (i+1)·N/n)} of the IDX pair as uncompressed IDX files. */
  private static void shard(byte[] images, byte[] labels, int i, int n, Path img, Path lab)
      throws IOException {
    ByteBuffer ih = ByteBuffer.wrap(images);
    int count = ih.getInt(4);
    int rows = ih.getInt(8);
    int cols = ih.getInt(12);
    int from = (int) ((long) count * i / n);
    int to = (int) ((long) count * (i + 1) / n);
    int size = rows * cols;
    ByteBuffer io = ByteBuffer.allocate(16 + (to - from) * size);
    io.putInt(0x803).putInt(to - from).putInt(rows).putInt(cols);
    io.put(images, 16 + from * size, (to - from) * size);
    Files.write(img, io.array());
    ByteBuffer lo = ByteBuffer.allocate(8 + (to - from));
    lo.putInt(0x801).putInt(to - from);
    lo.put(labels, 8 + from, to - from);
    Files.write(lab, lo.array());
  }

  private static byte[] gunzip(Path p) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p));
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /**
   * Copies the bundled sample (it ships inside the device-client jar, which is where it comes from
   * when this module is built alone) into {@code dir}.
   */
  private static Path sample(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name :
        List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz")) {
      try (var in = Devices.class.getResourceAsStream("/fashion-mnist-sample/" + name)) {
        if (in == null) {
          throw new IOException("the bundled sample " + name + " is not on the class path");
        }
        Files.copy(in, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }
}
