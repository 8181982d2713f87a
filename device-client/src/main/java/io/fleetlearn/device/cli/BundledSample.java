package io.fleetlearn.device.cli;

import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.data.IdxReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Fashion-MNIST sample inside the jar (600 training, 200 test examples; see its README). The
 * IDX reader reads files, so the two files are copied to a temp folder that is deleted after.
 */
final class BundledSample {
  private static final String FOLDER = "/fashion-mnist-sample/";

  private BundledSample() {}

  /** The 600 training examples. */
  static Dataset train() throws IOException {
    return read("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
  }

  /** The 200 test examples. */
  static Dataset test() throws IOException {
    return read("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
  }

  private static Dataset read(String images, String labels) throws IOException {
    Path dir = Files.createTempDirectory("fleetlearn-sample");
    try {
      return IdxReader.read(copy(images, dir), copy(labels, dir), 10);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Path copy(String name, Path dir) throws IOException {
    try (InputStream in = BundledSample.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IOException("the bundled sample " + FOLDER + name + " is not in this build");
      }
      Path target = dir.resolve(name);
      Files.copy(in, target);
      return target;
    }
  }
}
