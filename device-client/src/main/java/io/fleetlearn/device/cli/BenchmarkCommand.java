package io.fleetlearn.device.cli;

import io.fleetlearn.device.probe.ComputeBenchmark;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code benchmark}: the compute figure the device reports, alone. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Run the compute benchmark the device reports in its status (single-thread float matrix"
            + " multiplication) and print GFLOPS: each run, then the median.")
final class BenchmarkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--millis",
      paramLabel = "MS",
      defaultValue = "300",
      description = "Duration of one run, 1..60000 (default: ${DEFAULT-VALUE}, as at start).")
  long millis;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "5",
      description = "Runs, 1..100 (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() {
    if (millis < 1 || millis > 60_000) {
      throw new ParameterException(
          spec.commandLine(), "--millis (" + millis + ") must be in [1, 60000]");
    }
    if (runs < 1 || runs > 100) {
      throw new ParameterException(spec.commandLine(), "--runs (" + runs + ") must be in [1, 100]");
    }
    double[] g = new double[runs];
    for (int i = 0; i < runs; i++) {
      g[i] = ComputeBenchmark.gflops(Duration.ofMillis(millis));
      spec.commandLine().getOut().printf(Locale.ROOT, "run %d: %.3f GFLOPS%n", i + 1, g[i]);
    }
    java.util.Arrays.sort(g);
    spec.commandLine()
        .getOut()
        .printf(Locale.ROOT, "median: %.3f GFLOPS (%d runs of %d ms)%n", g[runs / 2], runs, millis);
    return DeviceCli.OK;
  }
}
