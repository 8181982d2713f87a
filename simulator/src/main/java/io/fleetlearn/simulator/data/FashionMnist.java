package io.fleetlearn.simulator.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulator's Fashion-MNIST (see {@link DataChoice}): a folder, the full set of Debian's {@code
 * dataset-fashion-mnist} package, or the 600/200-example sample bundled in the device client's jar.
 *
 * @param source a short description for the report
 * @param train the training examples, split over the devices
 * @param test the held-out test examples the global model is evaluated on
 */
public record FashionMnist(String source, IdxPair train, IdxPair test) {
  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

  static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  private static final String SAMPLE = "/fashion-mnist-sample/";

  /** Loads the data {@code choice} names. */
  public static FashionMnist load(DataChoice choice) throws IOException {
    return switch (choice.kind()) {
      case FOLDER -> fromFolder(choice.folder().orElseThrow());
      case BUNDLED -> bundled();
      case FULL -> {
        if (!installed()) {
          throw new IOException(
              "the full Fashion-MNIST is not in "
                  + DEBIAN
                  + ": run `sudo apt-get install dataset-fashion-mnist`, or pass --data DIR");
        }
        yield fromFolder(DEBIAN);
      }
      case AUTO -> installed() ? fromFolder(DEBIAN) : bundled();
    };
  }

  private static boolean installed() {
    return Files.isRegularFile(DEBIAN.resolve(TRAIN_IMAGES));
  }

  private static FashionMnist bundled() throws IOException {
    return new FashionMnist(
        "bundled sample (600 train / 200 test)",
        IdxPair.resource(SAMPLE + TRAIN_IMAGES, SAMPLE + TRAIN_LABELS),
        IdxPair.resource(SAMPLE + TEST_IMAGES, SAMPLE + TEST_LABELS));
  }

  private static FashionMnist fromFolder(Path dir) throws IOException {
    for (String f : new String[] {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS}) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IOException("data folder " + dir + " has no " + f + " (Fashion-MNIST IDX, gzip)");
      }
    }
    IdxPair train = IdxPair.read(dir.resolve(TRAIN_IMAGES), dir.resolve(TRAIN_LABELS));
    IdxPair test = IdxPair.read(dir.resolve(TEST_IMAGES), dir.resolve(TEST_LABELS));
    return new FashionMnist(
        dir + " (" + train.size() + " train / " + test.size() + " test)", train, test);
  }
}
