package io.fleetlearn.device.client;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error-feedback residuals on disk, one file per (spec, width), so that what top-k left out
 * survives restarts. File names are built from numbers only (a checksum of the parsed spec and the
 * width in ppm), never from message text, so a task cannot make the device write elsewhere.
 */
final class ResidualStore {
  private static final Logger LOG = LoggerFactory.getLogger(ResidualStore.class);

  private final Path folder;

  ResidualStore(Path folder) {
    this.folder = folder;
  }

  /** The residual file of a spec at a width. */
  Path file(ModelSpec spec, Ratio width) {
    CRC32 crc = new CRC32();
    crc.update(spec.toString().getBytes(StandardCharsets.UTF_8));
    return folder.resolve(String.format("ef-%08x-w%07d.bin", crc.getValue(), width.ppm()));
  }

  /**
   * The saved residual, or zeros of {@code layout} when there is none or it cannot be used (a
   * damaged file is logged and replaced at the next save: a lost residual only delays nothing).
   */
  ErrorFeedback load(ModelSpec spec, Ratio width, Model layout) {
    Path f = file(spec, width);
    if (Files.isRegularFile(f)) {
      try {
        ErrorFeedback ef = ErrorFeedback.load(f);
        if (ef.residual().sameLayout(layout)) {
          return ef;
        }
        LOG.warn(
            "residual {} has another layout than {} at {}; starting from zeros", f, spec, width);
      } catch (IOException | CodecException e) {
        LOG.warn("residual {} unreadable, starting from zeros: {}", f, e.getMessage());
      }
    }
    return new ErrorFeedback(layout.zerosLike());
  }

  /** Saves atomically (temp file, fsync, rename). */
  void save(ModelSpec spec, Ratio width, ErrorFeedback ef) throws IOException {
    Files.createDirectories(folder);
    ef.save(file(spec, width));
  }
}
