package io.fleetlearn.device.cli;

import io.fleetlearn.device.probe.ComputeBenchmark;
import io.fleetlearn.device.probe.LinkMeter;
import io.fleetlearn.device.probe.ResourceProbe;
import io.fleetlearn.device.probe.SystemFiles;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code probe}: the resource report a status would carry, as JSON on stdout. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description =
        "Print the resource report (memory, CPU, temperature, battery, benchmark) as JSON. The"
            + " link speed and last round time are null: only a running device measures them.")
final class ProbeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      defaultValue = "/",
      description = "Where /proc and /sys are read (default: ${DEFAULT-VALUE}).")
  Path root;

  @Option(
      names = "--benchmark-millis",
      paramLabel = "MS",
      defaultValue = "300",
      description = "How long the compute benchmark runs, 1..60000 (default: ${DEFAULT-VALUE}).")
  long benchmarkMillis;

  @Override
  public Integer call() {
    if (!Files.isDirectory(root)) {
      throw new ParameterException(spec.commandLine(), "--root '" + root + "' is not a folder");
    }
    if (benchmarkMillis < 1 || benchmarkMillis > 60_000) {
      throw new ParameterException(
          spec.commandLine(), "--benchmark-millis (" + benchmarkMillis + ") must be in [1, 60000]");
    }
    double gflops = ComputeBenchmark.gflops(Duration.ofMillis(benchmarkMillis));
    ResourceProbe probe = new ResourceProbe(new SystemFiles(root), new LinkMeter(0.3), gflops);
    Resources r = probe.read(OptionalDouble.empty());
    spec.commandLine()
        .getOut()
        .println(new String(new Messages().write(r), StandardCharsets.UTF_8));
    return DeviceCli.OK;
  }
}
