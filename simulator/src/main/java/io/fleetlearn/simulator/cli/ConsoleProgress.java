package io.fleetlearn.simulator.cli;

import io.fleetlearn.simulator.report.Reports;
import io.fleetlearn.simulator.run.ProgressListener;
import io.fleetlearn.simulator.run.RoundRecord;
import java.io.PrintStream;
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
}
