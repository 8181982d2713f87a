package io.fleetlearn.simulator.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An IDX image file and its label file as raw bytes (unsigned 8-bit pixels), so shards are written
 * byte-exact, the way a device would find them on disk. Headers are checked before anything is
 * indexed: magic numbers, counts that agree, and sizes that match the bytes there are.
 *
 * @param images the images file's bytes (magic 0x803, count, rows, cols, pixels)
 * @param labels the labels file's bytes (magic 0x801, count, labels)
 */
public record IdxPair(byte[] images, byte[] labels) {
  /** 70,000 Fashion-MNIST images of 784 bytes are 55 MB; this leaves room and stops a bad file. */
  static final long MAX_FILE_BYTES = 256L << 20;

  public IdxPair {
    ByteBuffer ih = ByteBuffer.wrap(images);
    ByteBuffer lh = ByteBuffer.wrap(labels);
    if (images.length < 16 || ih.getInt(0) != 0x803) {
      throw new IllegalArgumentException("images: not an IDX file of unsigned bytes in 3 dims");
    }
    if (labels.length < 8 || lh.getInt(0) != 0x801) {
      throw new IllegalArgumentException("labels: not an IDX file of unsigned bytes in 1 dim");
    }
    long count = ih.getInt(4);
    long pixels = (long) ih.getInt(8) * ih.getInt(12);
    if (count < 0 || pixels <= 0 || 16 + count * pixels != images.length) {
      throw new IllegalArgumentException(
          "images: header says "
              + count
              + " images of "
              + pixels
              + " pixels, file has "
              + images.length
              + " bytes");
    }
    if (lh.getInt(4) != count || 8 + count != labels.length) {
      throw new IllegalArgumentException(
          "labels: "
              + lh.getInt(4)
              + " labels in the header and "
              + (labels.length - 8)
              + " bytes, for "
              + count
              + " images");
    }
  }

  /** Reads two IDX files, gzip or not (by the {@code .gz} suffix). */
  public static IdxPair read(Path images, Path labels) throws IOException {
    return new IdxPair(bytes(images), bytes(labels));
  }

  /** Reads two IDX files from the class path (gzip). */
  public static IdxPair resource(String images, String labels) throws IOException {
    return new IdxPair(resourceBytes(images), resourceBytes(labels));
  }

  public int size() {
    return ByteBuffer.wrap(labels).getInt(4);
  }

  /** Every label, in order. */
  public int[] labelArray() {
    int[] out = new int[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = labels[8 + i] & 0xFF;
    }
    return out;
  }

  /** The given examples as a new pair, in that order. */
  public IdxPair select(int[] indices) {
    ByteBuffer ih = ByteBuffer.wrap(images);
    int rows = ih.getInt(8);
    int cols = ih.getInt(12);
    int size = rows * cols;
    ByteBuffer io = ByteBuffer.allocate(16 + indices.length * size);
    io.putInt(0x803).putInt(indices.length).putInt(rows).putInt(cols);
    ByteBuffer lo = ByteBuffer.allocate(8 + indices.length);
    lo.putInt(0x801).putInt(indices.length);
    for (int i : indices) {
      io.put(images, 16 + i * size, size);
      lo.put(labels[8 + i]);
    }
    return new IdxPair(io.array(), lo.array());
  }

  /** Writes the pair uncompressed; returns the images file, the labels file is next to it. */
  public void write(Path imagesFile, Path labelsFile) throws IOException {
    Files.write(imagesFile, images);
    Files.write(labelsFile, labels);
  }

  private static byte[] bytes(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException(file + " is over " + MAX_FILE_BYTES + " bytes; not an IDX data set");
    }
    try (InputStream raw = Files.newInputStream(file)) {
      return read(
          file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, file.toString());
    }
  }

  private static byte[] resourceBytes(String name) throws IOException {
    InputStream raw = IdxPair.class.getResourceAsStream(name);
    if (raw == null) {
      throw new IOException(name + " is not on the class path (is device-client in this build?)");
    }
    try (InputStream in = new GZIPInputStream(raw)) {
      return read(in, name);
    }
  }

  private static byte[] read(InputStream in, String what) throws IOException {
    // Bounded even when a gzip bomb claims to be a data set.
    byte[] b = in.readNBytes((int) MAX_FILE_BYTES + 1);
    if (b.length > MAX_FILE_BYTES) {
      throw new IOException(what + " inflates to over " + MAX_FILE_BYTES + " bytes");
    }
    return b;
  }
}
