package io.fleetlearn.simulator.cli;

import io.fleetlearn.simulator.fleet.Shard;
import io.fleetlearn.simulator.report.Reports;
import io.fleetlearn.simulator.run.Outcome;
import io.fleetlearn.simulator.run.PeakMemory;
import io.fleetlearn.simulator.run.ProgressListener;
import io.fleetlearn.simulator.run.RoundRecord;
import io.fleetlearn.simulator.run.TransportKind;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.Locale;

/** One line per round with a progress bar: readable on a terminal and in a CI log alike. */
public final class ConsoleProgress implements ProgressListener {
  private static final int BAR = 20;
  private final PrintStream out;
  private final String prefix;

  public ConsoleProgress(PrintStream out) {
    this(out, "");
  }

  /** Prints {@code prefix} before every line, e.g. the name of a comparison's run. */
  public ConsoleProgress(PrintStream out, String prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  @Override
  public void started(String dashboard, int devices, String dataSource, String runFolder) {
    out.println(prefix + "coordinator up, " + devices + " devices online; data: " + dataSource);
    out.println(prefix + "dashboard: " + dashboard);
    out.println(prefix + "run folder: " + runFolder);
  }

  @Override
  public void online(int devices, double seconds, TransportKind transport) {
    // What the fleet costs before any training, for the scale figures: a collection first, so
    // that the heap figure is what is live, not what is waiting for the collector.
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    out.printf(
        Locale.ROOT,
        "%s%d devices online in %.1f s over %s; heap in use %s after a GC, %d threads%n",
        prefix,
        devices,
        seconds,
        transport,
        Reports.bytes(memory.getHeapMemoryUsage().getUsed()),
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  @Override
  public void joined(String trainingId, String name) {
    out.println("joined training " + trainingId + " ('" + name + "'); waiting for its end");
    out.flush();
  }

  @Override
  public void round(RoundRecord r, int totalRounds) {
    // An abandoned round is retried under the next number: round numbers can pass totalRounds.
    int filled =
        (int) Math.min(BAR, Math.round(BAR * (double) r.round() / Math.max(1, totalRounds)));
    String bar = "#".repeat(filled) + ".".repeat(BAR - filled);
    if (r.round() == 0) {
      out.printf(
          Locale.ROOT,
          "%sround %3d/%d [%s] accuracy %5.1f%%  (initial model)%n",
          prefix,
          0,
          totalRounds,
          bar,
          100 * r.accuracy());
    } else {
      out.printf(
          Locale.ROOT,
          "%sround %3d/%d [%s] accuracy %5.1f%%  loss %.3f  %d/%d devices  up %s  down %s  %.1f s%s%n",
          prefix,
          r.round(),
          totalRounds,
          bar,
          100 * r.accuracy(),
          r.loss(),
          r.participants(),
          r.selected(),
          Reports.bytes(r.bytesUp()),
          Reports.bytes(r.bytesDown()),
          r.roundSeconds(),
          r.dropouts() > 0 ? "  (" + r.dropouts() + " dropouts)" : "");
    }
    out.flush();
  }

  /** The last lines of a run that wrote its report. */
  void finished(Outcome o, Path report) {
    out.printf(
        Locale.ROOT,
        "final accuracy %.1f%% after %d rounds (%s) in %.0f s%n",
        100 * o.finalAccuracy(),
        o.rounds().size() - 1,
        o.trainingState(),
        o.wallSeconds());
    out.printf(
        Locale.ROOT,
        "bytes up %s (uncompressed %s, %.0fx fewer); down %s (uncompressed %s, %.1fx fewer)%n",
        Reports.bytes(o.bytesUp()),
        Reports.bytes(o.denseBytesUp()),
        o.denseBytesUp() / (double) Math.max(1, o.bytesUp()),
        Reports.bytes(o.bytesDown()),
        Reports.bytes(o.denseBytesDown()),
        o.denseBytesDown() / (double) Math.max(1, o.bytesDown()));
    out.println("report: " + report.toAbsolutePath());
    PeakMemory.peakResidentBytes()
        .ifPresent(b -> out.println("peak resident memory: " + Reports.bytes(b)));
  }

  /** The last line of a shard that does not lead (it writes no report). */
  void shardFinished(Shard shard, Outcome o) {
    out.printf(
        Locale.ROOT,
        "%s: %d devices done; the training ended %s after %.0f s%n",
        shard,
        o.devices(),
        o.trainingState(),
        o.wallSeconds());
  }
}
