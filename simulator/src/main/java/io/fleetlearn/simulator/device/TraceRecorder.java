package io.fleetlearn.simulator.device;

import io.fleetlearn.simulator.fleet.Trace;
import io.fleetlearn.simulator.fleet.TraceEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what happened to the devices as a {@link Trace} file ({@code trace.csv} of a run), so that
 * the run's churn, battery levels and link changes can be replayed with {@code --trace}. Times are
 * seconds since {@link #begin} (the training's start); events before it are written at 0. Each row
 * is flushed as it comes: a run that dies keeps what it recorded. A file that cannot be written is
 * logged once and recording stops; the simulation goes on.
 */
public final class TraceRecorder implements Journal, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TraceRecorder.class);

  private final Path file;
  private BufferedWriter out;
  private long originNanos = System.nanoTime();
  private boolean begun;
  private double last;

  private TraceRecorder(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  /** Creates (or replaces) {@code file} with the version line and the header. */
  public static TraceRecorder create(Path file) throws IOException {
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    try {
      out.write(Trace.VERSION_LINE + "\n" + Trace.HEADER + "\n");
      out.flush();
    } catch (IOException e) {
      out.close();
      throw e;
    }
    return new TraceRecorder(file, out);
  }

  /** Time 0 is now. */
  public synchronized void begin() {
    originNanos = System.nanoTime();
    begun = true;
  }

  @Override
  public synchronized void record(
      String device, TraceEvent.Kind event, double amount, String cause) {
    if (out == null) {
      return;
    }
    double seconds = begun ? Math.max(0, (System.nanoTime() - originNanos) / 1e9) : 0;
    // Rows are written in the order they come, under this lock: rounding must not reorder them.
    seconds = Math.max(last, Math.round(seconds * 1000) / 1000.0);
    last = seconds;
    TraceEvent e =
        event.presence()
            ? TraceEvent.presence(seconds, device, event, cause)
            : TraceEvent.of(seconds, device, event, amount);
    try {
      out.write(e.csv());
      out.write('\n');
      out.flush();
    } catch (IOException x) {
      LOG.warn(
          "cannot write {}; the rest of this run's trace is not recorded: {}", file, x.toString());
      closeQuietly();
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      LOG.warn("cannot close {}: {}", file, e.toString());
    }
    out = null;
  }
}
