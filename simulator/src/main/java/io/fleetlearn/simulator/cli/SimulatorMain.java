package io.fleetlearn.simulator.cli;

import picocli.CommandLine;

/**
 * {@code java io.fleetlearn.simulator.cli.SimulatorMain [options]}: runs {@link SimulateCommand}.
 */
public final class SimulatorMain {
  static {
    // Before the first logger: HiveMQ CE's jar carries a logback.xml too, so ours has its own name.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "simulator-logback.xml");
    }
    // The PNG charts are drawn off-screen; a machine without a display must not need one.
    System.setProperty("java.awt.headless", "true");
  }

  private SimulatorMain() {}

  /** The command as {@code main} runs it: enum values ({@code --optimizer sgd}) in any case. */
  static CommandLine commandLine() {
    return new CommandLine(new SimulateCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    // Paho and HiveMQ leave non-daemon threads behind after a clean close: exit explicitly.
    System.exit(code);
  }
}
