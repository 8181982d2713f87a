package io.fleetlearn.aggregation.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The aggregation benchmark: runs {@link FoldBench} with JMH and writes {@code aggregation.json}:
 * GB/s of update data folded (dense: 4 bytes per value; sparse: the in-memory index and value
 * bytes, with the dense-equivalent rate beside it) against the plain float sum over the same dense
 * arrays.
 *
 * <p>Run it with {@code ./mvnw -B -pl aggregation -am verify -DskipTests -Dbench=aggregation}
 * (optionally {@code -Dbench.java=/path/to/jdk25/bin/java}); {@code -Dbench.quick=true} shortens
 * every iteration.
 */
public final class AggregationBench {
  private AggregationBench() {}

  record Row(
      String name, int updates, int params, double density, double bytesPerUpdate, double ms) {
    double gbps() {
      return bytesPerUpdate / (ms * 1e-3) / 1e9;
    }

    double denseEquivalentGBps() {
      return 4.0 * params / (ms * 1e-3) / 1e9;
    }
  }

  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "aggregation/target/bench/aggregation.json");
    boolean quick = Boolean.getBoolean("bench.quick");
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(FoldBench.class.getName())
                    .forks(1)
                    .warmupIterations(quick ? 1 : 3)
                    .warmupTime(TimeValue.milliseconds(quick ? 200 : 1000))
                    .measurementIterations(quick ? 1 : 5)
                    .measurementTime(TimeValue.milliseconds(quick ? 200 : 1000))
                    .jvmArgsAppend("-Xmx3g")
                    .shouldFailOnError(true)
                    .build())
            .run();
    int p = FoldBench.PARAMS;
    double dense = 4.0 * p;
    double sparse = 8.0 * FoldBench.KEPT;
    double density = (double) FoldBench.KEPT / p;
    int du = FoldBench.DENSE_UPDATES;
    Row baseline = new Row("float-sum", du, p, 1, dense, ms(results, "floatSumBaseline"));
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("fedavg-dense", du, p, 1, dense, ms(results, "denseFold")));
    rows.add(new Row("fedavg-dense-1thread", du, p, 1, dense, ms(results, "denseFoldOneThread")));
    rows.add(new Row("fedavg-dense-offer", du, p, 1, dense, ms(results, "denseOffer")));
    rows.add(
        new Row(
            "fedavg-sparse",
            FoldBench.SPARSE_UPDATES,
            p,
            density,
            sparse,
            ms(results, "sparseFold")));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json(baseline, rows));
    Files.writeString(out.resolveSibling("aggregation.html"), html(baseline, rows));
    System.out.printf(Locale.ROOT, "baseline float sum: %.2f GB/s%n", baseline.gbps());
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-22s %5d x %d density %.2f: %8.4f ms/update %6.2f GB/s (dense-equivalent %.2f GB/s,"
              + " %.0f%% of baseline)%n",
          r.name(),
          r.updates(),
          r.params(),
          r.density(),
          r.ms(),
          r.gbps(),
          r.denseEquivalentGBps(),
          100 * r.gbps() / baseline.gbps());
    }
    System.out.printf(
        Locale.ROOT,
        "sparse top-1%% fold costs %.1f%% of a dense fold (%.1f%% of a one-thread dense fold)%n",
        100 * rows.get(3).ms() / rows.get(0).ms(),
        100 * rows.get(3).ms() / rows.get(1).ms());
    System.out.println("wrote " + out.toAbsolutePath() + " and aggregation.html");
  }

  static String html(Row baseline, List<Row> rows) {
    List<BenchChart.Bar> gbps = new ArrayList<>();
    List<BenchChart.Bar> ms = new ArrayList<>();
    gbps.add(new BenchChart.Bar("baseline: plain float sum", baseline.gbps()));
    for (Row r : rows) {
      gbps.add(new BenchChart.Bar(r.name() + " (dense-equivalent)", r.denseEquivalentGBps()));
      ms.add(new BenchChart.Bar(r.name(), r.ms()));
    }
    return BenchChart.page(
        "FleetLearn aggregation benchmark",
        String.format(
            Locale.ROOT,
            "FedAvg folds of %d-parameter updates; the baseline is a plain float sum over the"
                + " same dense arrays in the same run. The sparse run folds top-1%% updates.",
            baseline.params()),
        List.of(
            BenchChart.bars("Update data folded per second", "GB/s", gbps),
            BenchChart.bars("Time per update", "ms", ms)));
  }

  private static double ms(Collection<RunResult> results, String method) {
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method)) {
        return r.getPrimaryResult().getScore();
      }
    }
    throw new IllegalStateException("no result for " + method);
  }

  static String json(Row baseline, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT, "{\n  \"baselineGBps\": %.3f,\n  \"results\": [\n", baseline.gbps()));
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "    {\"name\": \"%s\", \"updates\": %d, \"params\": %d, \"density\": %.4f,"
                  + " \"GBps\": %.3f, \"denseEquivalentGBps\": %.3f, \"msPerUpdate\": %.5f}%s\n",
              r.name(),
              r.updates(),
              r.params(),
              r.density(),
              r.gbps(),
              r.denseEquivalentGBps(),
              r.ms(),
              i + 1 < rows.size() ? "," : ""));
    }
    return sb.append("  ]\n}\n").toString();
  }
}
