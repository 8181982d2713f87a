package io.fleetlearn.simulator.cli;

import io.fleetlearn.simulator.report.Reports;
import io.fleetlearn.simulator.run.ProgressListener;
import io.fleetlearn.simulator.run.RoundRecord;
import io.fleetlearn.simulator.run.TransportKind;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/** One line per round with a progress bar: readable on a terminal and in a CI log alike. */
final class ConsoleProgress implements ProgressListener {
  private static final int BAR = 20;
  private final PrintStream out;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void started(String dashboard, int devices, String dataSource, String runFolder) {
    out.println("coordinator up, " + devices + " devices online; data: " + dataSource);
    out.println("dashboard: " + dashboard);
    out.println("run folder: " + runFolder);
  }

  @Override
  public void online(int devices, double seconds, TransportKind transport) {
    // What the fleet costs before any training, for the scale figures: a collection first, so
    // that the heap figure is what is live, not what is waiting for the collector.
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    out.printf(
        Locale.ROOT,
        "%d devices online in %.1f s over %s; heap in use %s after a GC, %d threads%n",
        devices,
        seconds,
        transport,
        Reports.bytes(memory.getHeapMemoryUsage().getUsed()),
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  @Override
  public void round(RoundRecord r, int totalRounds) {
    int filled = (int) Math.round(BAR * (double) r.round() / Math.max(1, totalRounds));
    String bar = "#".repeat(filled) + ".".repeat(BAR - filled);
    if (r.round() == 0) {
      out.printf(
          Locale.ROOT,
          "round %3d/%d [%s] accuracy %5.1f%%  (initial model)%n",
          0,
          totalRounds,
          bar,
          100 * r.accuracy());
    } else {
      out.printf(
          Locale.ROOT,
          "round %3d/%d [%s] accuracy %5.1f%%  loss %.3f  %d/%d devices  up %s  down %s  %.1f s%s%n",
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
}
