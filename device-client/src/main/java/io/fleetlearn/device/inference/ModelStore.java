package io.fleetlearn.device.inference;

import io.fleetlearn.compression.tensor.Ratio;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * Keeps the last accepted global model in {@code <data folder>/model/}: {@code latest.frame} (the
 * frame as received) and {@code latest.properties} (spec, width, version, variant, the frame's
 * length and SHA-256). Each file is written to a temp file, forced to disk and moved over the old
 * one atomically; the frame goes first and the properties name its hash, so a power cut between the
 * two moves is detected on load instead of pairing a frame with another model's spec.
 */
public final class ModelStore {
  static final String FRAME = "latest.frame";
  static final String META = "latest.properties";
  private static final int MAX_META_BYTES = 4096;

  private final Path folder;

  /** A store in {@code folder} (created on the first save). */
  public ModelStore(Path folder) {
    this.folder = folder;
  }

  /** The folder the model files are in. */
  public Path folder() {
    return folder;
  }

  /** Stores {@code model}, replacing the one before. */
  public void save(StoredModel model) throws IOException {
    Files.createDirectories(folder);
    Properties p = new Properties();
    p.setProperty("spec", model.spec());
    p.setProperty("width.ppm", Integer.toString(model.width().ppm()));
    p.setProperty("version", Long.toString(model.version()));
    p.setProperty("variant", model.variant());
    p.setProperty("frame.bytes", Integer.toString(model.frame().length));
    p.setProperty("frame.sha256", sha256(model.frame()));
    StringWriter text = new StringWriter();
    p.store(text, "FleetLearn device: the last accepted global model (see latest.frame)");
    writeAtomically(folder.resolve(FRAME), model.frame());
    writeAtomically(folder.resolve(META), text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * The stored model, or empty if none was stored yet.
   *
   * @param maxFrameBytes the largest frame read (the device's model frame cap)
   * @throws IOException naming the file and what is wrong with it
   */
  public Optional<StoredModel> load(int maxFrameBytes) throws IOException {
    Path meta = folder.resolve(META);
    Path frameFile = folder.resolve(FRAME);
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      byte[] bytes = in.readNBytes(MAX_META_BYTES + 1);
      if (bytes.length > MAX_META_BYTES) {
        throw new IOException(meta + ": over " + MAX_META_BYTES + " bytes; not a model record");
      }
      p.load(new java.io.ByteArrayInputStream(bytes));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      throw new IOException(meta + ": " + e.getMessage(), e);
    }
    long declared = number(meta, p, "frame.bytes", 0, maxFrameBytes);
    long size = Files.size(frameFile);
    if (size != declared) {
      throw new IOException(
          frameFile
              + " holds "
              + size
              + " bytes but "
              + META
              + " says "
              + declared
              + " (a write was interrupted); the next round stores a new model");
    }
    byte[] frame = Files.readAllBytes(frameFile);
    if (!sha256(frame).equals(p.getProperty("frame.sha256"))) {
      throw new IOException(
          frameFile
              + " does not match the SHA-256 in "
              + META
              + " (a write was interrupted); the next round stores a new model");
    }
    try {
      return Optional.of(
          new StoredModel(
              text(meta, p, "spec"),
              new Ratio((int) number(meta, p, "width.ppm", 1, Ratio.ONE)),
              number(meta, p, "version", 0, Long.MAX_VALUE),
              text(meta, p, "variant"),
              frame));
    } catch (IllegalArgumentException e) {
      throw new IOException(meta + ": " + e.getMessage(), e);
    }
  }

  private static String text(Path file, Properties p, String key) throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IOException(file + ": '" + key + "' is missing");
    }
    return v.strip();
  }

  private static long number(Path file, Properties p, String key, long min, long max)
      throws IOException {
    String v = text(file, p, key);
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        throw new IOException(
            file + ": '" + key + "' (" + v + ") must be in [" + min + ", " + max + "]");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException(file + ": '" + key + "' (" + v + ") is not a whole number", e);
    }
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(folder, "model-", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true); // On flash after a power cut, a renamed but unsynced file can be empty.
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
