package io.fleetlearn.compression.sparse;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The residual a device keeps across rounds for error-feedback compression (EF-SGD: Stich et al.,
 * "Sparsified SGD with Memory", 2018; Karimireddy et al., "Error Feedback Fixes SignSGD", 2019).
 * Each round the device {@linkplain #compensate adds} the residual to its fresh update, compresses
 * the sum, sends it, and {@linkplain #absorb keeps} what the compression left out:
 *
 * <pre>{@code
 * Model c = ef.compensate(update);     // c = update + residual
 * Model sent = compress(c);            // e.g. top-k, then quantization, as the server decodes it
 * ef.absorb(c, sent);                  // residual = c - sent
 * }</pre>
 *
 * so that over any number of rounds, the sum of what was sent plus the residual equals the sum of
 * the updates, up to float rounding: nothing is lost, only delayed.
 *
 * <p>The residual's layout follows the updates. If an update arrives with a different layout (the
 * device was assigned a different model width), the old residual no longer means anything: {@link
 * #compensate} drops it, starts from zeros of the new layout and returns a copy of the update.
 *
 * <p>Not thread-safe: one instance per device, used by one training loop.
 */
public final class ErrorFeedback {
  private static final byte[] MAGIC = {'F', 'L', 'E', 'F'};
  private static final int VERSION = 1;

  /** Longest tensor name accepted when loading. */
  private static final int MAX_NAME_BYTES = 1024;

  private Model residual;

  /**
   * A residual starting as a copy of {@code initial}: zeros for a new device, or a residual saved
   * earlier.
   */
  public ErrorFeedback(Model initial) {
    this.residual = initial.copy();
  }

  /**
   * A new model {@code update + residual}; neither argument nor the residual is modified. If the
   * layouts differ, the residual is reset to zeros of the update's layout and a copy of the update
   * is returned (see the class comment).
   */
  public Model compensate(Model update) {
    if (!residual.sameLayout(update)) {
      residual = update.zerosLike();
      return update.copy();
    }
    Model out = update.copy();
    for (int t = 0; t < out.size(); t++) {
      Tensor o = out.tensor(t);
      Tensor r = residual.tensor(t);
      float[] oa = o.array();
      float[] ra = r.array();
      int oo = o.offset();
      int ro = r.offset();
      for (int i = 0, n = o.size(); i < n; i++) {
        oa[oo + i] += ra[ro + i];
      }
    }
    return out;
  }

  /**
   * Sets the residual to {@code compensated - sent}. Both must have the residual's layout (the one
   * of the last {@link #compensate} call), else an {@link IllegalArgumentException} names the first
   * tensor that differs and the residual is unchanged.
   */
  public void absorb(Model compensated, Model sent) {
    requireLayout("compensated", compensated);
    requireLayout("sent", sent);
    Model next = residual.zerosLike();
    for (int t = 0; t < next.size(); t++) {
      Tensor d = next.tensor(t);
      Tensor c = compensated.tensor(t);
      Tensor s = sent.tensor(t);
      float[] da = d.array();
      float[] ca = c.array();
      float[] sa = s.array();
      int dOff = d.offset();
      int cOff = c.offset();
      int sOff = s.offset();
      for (int i = 0, n = d.size(); i < n; i++) {
        da[dOff + i] = ca[cOff + i] - sa[sOff + i];
      }
    }
    residual = next;
  }

  /** A copy of the residual: changing it does not change this instance. */
  public Model residual() {
    return residual.copy();
  }

  private void requireLayout(String what, Model m) {
    if (m.size() != residual.size()) {
      throw new IllegalArgumentException(
          what
              + " has "
              + m.size()
              + " tensors but the residual has "
              + residual.size()
              + " "
              + residual.names());
    }
    for (int t = 0; t < m.size(); t++) {
      Tensor a = m.tensor(t);
      Tensor r = residual.tensor(t);
      if (!a.name().equals(r.name()) || !a.shape().equals(r.shape())) {
        throw new IllegalArgumentException(
            what + " tensor " + t + " is " + a + " but the residual's is " + r);
      }
    }
  }

  /**
   * Writes the residual to {@code file} atomically: into a temporary file in the same directory,
   * forced to disk, then moved over {@code file} in one step, so that a crash leaves either the old
   * file or the new one, never a torn one.
   *
   * <p>Format, little-endian: {@code "FLEF"}, version byte (1), varint tensor count, then per
   * tensor its name (varint length, UTF-8), rank byte and varint dimensions; then every tensor's
   * values as float32 in order; then the CRC32C of everything before it (4 bytes).
   */
  public void save(Path file) throws IOException {
    ByteWriter w =
        new ByteWriter((int) Math.min(Integer.MAX_VALUE - 64, residual.denseBytes() + 64));
    w.bytes(MAGIC).u8(VERSION).varint(residual.size());
    for (Tensor t : residual.tensors()) {
      w.string(t.name()).u8(t.shape().rank());
      for (int d : t.shape().dims()) {
        w.varint(d);
      }
    }
    for (Tensor t : residual.tensors()) {
      w.floats(t.array(), t.offset(), t.size());
    }
    CRC32C crc = new CRC32C();
    crc.update(w.array(), 0, w.position());
    w.i32((int) crc.getValue());

    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(w.array(), 0, w.position());
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a residual written by {@link #save}. The file is untrusted: bad content fails with a
   * {@link CodecException} naming the field that is wrong (magic, version, a tensor's name or
   * shape, the values, the checksum), and no array is allocated before its length has been checked
   * against the bytes the file holds.
   *
   * @throws IOException if the file cannot be read
   */
  public static ErrorFeedback load(Path file) throws IOException {
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE - 8) {
      throw new CodecException(
          "residual file " + file + " is " + size + " bytes, more than a residual can hold");
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      return new ErrorFeedback(decode(bytes), false);
    } catch (CodecException e) {
      throw new CodecException("residual file " + file + ": " + e.getMessage(), e);
    }
  }

  private ErrorFeedback(Model residual, boolean copy) {
    this.residual = copy ? residual.copy() : residual;
  }

  static Model decode(byte[] bytes) {
    if (bytes.length < MAGIC.length + 1 + 1 + 4) {
      throw new CodecException(
          "residual is " + bytes.length + " bytes, shorter than an empty one (10 bytes)");
    }
    ByteReader in = new ByteReader(bytes, 0, bytes.length - 4);
    int at = in.skip(MAGIC.length, "magic");
    byte[] magic = Arrays.copyOfRange(bytes, at, at + MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new CodecException(
          "magic is " + Arrays.toString(magic) + ", expected \"FLEF\" " + Arrays.toString(MAGIC));
    }
    int version = in.u8("version");
    if (version != VERSION) {
      throw new CodecException("version (" + version + ") is not supported; expected " + VERSION);
    }
    // A tensor header takes at least 2 bytes (empty name is invalid, so 3): bound the count by it.
    int count = in.varint("tensor count", 0, in.remaining() / 3);
    List<String> names = new ArrayList<>(count);
    List<Shape> shapes = new ArrayList<>(count);
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (int t = 0; t < count; t++) {
      String name = in.string("tensor " + t + " name", MAX_NAME_BYTES);
      if (name.isEmpty()) {
        throw new CodecException("tensor " + t + " name is empty");
      }
      if (!seen.add(name)) {
        throw new CodecException("tensor " + t + " name '" + name + "' appears twice");
      }
      int rank = in.u8("tensor '" + name + "' rank");
      if (rank > Shape.MAX_RANK) {
        throw new CodecException(
            "tensor '" + name + "' rank (" + rank + ") must be at most " + Shape.MAX_RANK);
      }
      int[] dims = new int[rank];
      long n = 1;
      for (int d = 0; d < rank; d++) {
        dims[d] = in.varint("tensor '" + name + "' dimension " + d);
        // Capped so that it cannot overflow; anything near the cap fails the check below anyway.
        n = Math.min(n * dims[d], 1L << 32);
      }
      // Every element takes 4 bytes: a shape the file cannot hold is corrupt, not just large.
      if (4 * (total + n) > in.remaining()) {
        throw new CodecException(
            "tensor '"
                + name
                + "' shape "
                + Arrays.toString(dims)
                + " brings the values to "
                + 4 * (total + n)
                + " bytes but only "
                + in.remaining()
                + " are left");
      }
      names.add(name);
      shapes.add(Shape.of(dims));
      total += n;
    }
    in.require(4 * total, "values (" + total + " floats)");
    Model m = Model.flatZeros(names, shapes);
    for (Tensor t : m.tensors()) {
      in.floats(t.array(), t.offset(), t.size(), "tensor '" + t.name() + "' values");
    }
    in.expectEnd("residual");
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = new ByteReader(bytes, bytes.length - 4, 4).i32("checksum");
    if (stored != (int) crc.getValue()) {
      throw new CodecException(
          "checksum (CRC32C) is "
              + Integer.toHexString(stored)
              + " but the content's is "
              + Integer.toHexString((int) crc.getValue()));
    }
    return m;
  }
}
