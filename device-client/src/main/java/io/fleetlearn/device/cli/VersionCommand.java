package io.fleetlearn.device.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code version}: the build, its natives and the platform it runs on. Loads no engine. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the version, the bundled natives' platform and the running platform.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    for (String line : new BuildInfo().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
    return DeviceCli.OK;
  }
}
