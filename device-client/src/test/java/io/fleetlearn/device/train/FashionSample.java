package io.fleetlearn.device.train;

import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.data.IdxReader;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The bundled Fashion-MNIST sample (600 training, 200 test examples). */
final class FashionSample {
  private FashionSample() {}

  static Dataset train() {
    return IdxReader.read(
        path("train-images-idx3-ubyte.gz"), path("train-labels-idx1-ubyte.gz"), 10);
  }

  static Dataset test() {
    return IdxReader.read(path("t10k-images-idx3-ubyte.gz"), path("t10k-labels-idx1-ubyte.gz"), 10);
  }

  private static Path path(String name) {
    try {
      return Path.of(FashionSample.class.getResource("/fashion-mnist-sample/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
