package io.fleetlearn.device.data;

import io.fleetlearn.compression.tensor.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (LeCun's MNIST format, also Fashion-MNIST's): big-endian magic {@code 0x0000TTNN}
 * (TT the element type, NN the rank), NN big-endian u32 dimensions, then the elements. Images are
 * unsigned bytes (type 0x08) scaled to [0, 1]; labels unsigned bytes of rank 1. Gzip is detected by
 * its magic bytes, whatever the file name.
 */
public final class IdxReader {
  static final int UBYTE = 0x08;

  /** Large enough for the full Fashion-MNIST training set (47 MB), small enough for a Pi. */
  static final long MAX_ELEMENTS = 64L << 20;

  private IdxReader() {}

  /** Reads an image file and a label file into a dataset of {@code classes} classes. */
  public static Dataset read(Path images, Path labels, int classes) {
    Idx x = readFile(images);
    Idx y = readFile(labels);
    if (x.dims.length < 2) {
      throw new DataException(images + ": images need rank >= 2, found rank " + x.dims.length);
    }
    if (y.dims.length != 1) {
      throw new DataException(labels + ": labels need rank 1, found rank " + y.dims.length);
    }
    if (x.dims[0] != y.dims[0]) {
      throw new DataException(
          images + " holds " + x.dims[0] + " examples but " + labels + " holds " + y.dims[0]);
    }
    int n = x.dims[0];
    int[] exampleDims = new int[x.dims.length];
    exampleDims[0] = 1;
    System.arraycopy(x.dims, 1, exampleDims, 1, x.dims.length - 1);
    float[] features = new float[x.data.length];
    for (int i = 0; i < features.length; i++) {
      features[i] = (x.data[i] & 0xFF) / 255f;
    }
    int[] ys = new int[n];
    for (int i = 0; i < n; i++) {
      ys[i] = y.data[i] & 0xFF;
      if (ys[i] >= classes) {
        throw new DataException(
            labels + ": label of example " + i + " is " + ys[i] + "; expected < " + classes);
      }
    }
    return new Dataset(features, ys, Shape.of(exampleDims), classes);
  }

  /**
   * Reads an image file without labels (for prediction): every label is 0, so the dataset's labels
   * must not be used as truth.
   */
  public static Dataset readImages(Path images, int classes) {
    Idx x = readFile(images);
    if (x.dims.length < 2) {
      throw new DataException(images + ": images need rank >= 2, found rank " + x.dims.length);
    }
    int[] exampleDims = x.dims.clone();
    exampleDims[0] = 1;
    float[] features = new float[x.data.length];
    for (int i = 0; i < features.length; i++) {
      features[i] = (x.data[i] & 0xFF) / 255f;
    }
    return new Dataset(features, new int[x.dims[0]], Shape.of(exampleDims), classes);
  }

  record Idx(int[] dims, byte[] data) {}

  static Idx readFile(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
      return parse(file, new DataInputStream(in), Files.size(file), in != raw);
    } catch (EOFException e) {
      throw new DataException(file + ": ends before the sizes its header declares", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static Idx parse(Path file, DataInputStream in, long fileBytes, boolean gzip)
      throws IOException {
    int magic = in.readInt();
    int type = (magic >>> 8) & 0xFF;
    int rank = magic & 0xFF;
    if ((magic >>> 16) != 0 || type != UBYTE || rank < 1 || rank > 4) {
      throw new DataException(
          String.format(
              "%s: magic 0x%08x is not an unsigned-byte IDX file of rank 1 to 4 (0x00000801 to"
                  + " 0x00000804)",
              file, magic));
    }
    int[] dims = new int[rank];
    long elements = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = in.readInt();
      if (dims[i] <= 0) {
        throw new DataException(file + ": dimension " + i + " is " + dims[i] + "; must be > 0");
      }
      elements *= dims[i];
      if (elements > MAX_ELEMENTS) {
        throw new DataException(
            file + ": declares over " + MAX_ELEMENTS + " elements; refused as too large");
      }
    }
    // An uncompressed file must hold what it declares; a gzip one is checked while reading.
    if (!gzip && 4L + 4L * rank + elements != fileBytes) {
      throw new DataException(
          file
              + ": header declares "
              + elements
              + " elements but the file holds "
              + (fileBytes - 4 - 4L * rank));
    }
    byte[] data = new byte[(int) elements];
    in.readFully(data);
    if (in.read() != -1) {
      throw new DataException(file + ": has bytes after the " + elements + " declared elements");
    }
    return new Idx(dims, data);
  }
}
