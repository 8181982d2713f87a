package io.fleetlearn.device.cli;

import io.fleetlearn.device.config.ConfigException;
import io.fleetlearn.device.config.ConfigLoader;
import io.fleetlearn.device.config.DeviceConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fleetlearn-device}: the device program and its tools. Holds the environment the
 * subcommands read overrides from, so tests can run them in-process with their own.
 */
@Command(
    name = "fleetlearn-device",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "FleetLearn device client: trains on local data for a FleetLearn coordinator.",
    footer = {
      "",
      "Exit codes: 0 ok, 1 runtime failure, 2 bad configuration or usage.",
      "Config: a .properties file; every key can be overridden by FLEETLEARN_<KEY>"
          + " (dots as underscores)."
    },
    subcommands = {
      RunCommand.class,
      PredictCommand.class,
      ProbeCommand.class,
      BenchmarkCommand.class,
      SelftestCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DeviceCli implements Runnable {
  /** Success. */
  public static final int OK = 0;

  /** A failure while running: broker, disk, engine, unreadable data. */
  public static final int RUNTIME_FAILURE = 1;

  /** A bad config value or command-line usage; the message names the key or option. */
  public static final int BAD_CONFIG = 2;

  /** Where {@code run} looks for its config when no {@code --config} is given. */
  public static final Path DEFAULT_CONFIG = Path.of("/etc/fleetlearn/device.properties");

  private final Map<String, String> env;

  @Spec CommandSpec spec;

  DeviceCli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The command line with the process environment. */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /** The command line reading config overrides from {@code env}. */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine cl = new CommandLine(new DeviceCli(env));
    cl.setExecutionExceptionHandler(DeviceCli::failed);
    return cl;
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    // Before the first logger: the device's Logback file, unless the operator named another.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "fleetlearn-device-logback.xml");
    }
    System.exit(commandLine().execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a command is needed: run, predict, probe, benchmark, selftest, version");
  }

  /**
   * The device config: {@code file} if given; else {@code FLEETLEARN_CONFIG} or {@link
   * #DEFAULT_CONFIG} if that file exists; else the environment alone.
   */
  DeviceConfig config(Path file) {
    if (file != null) {
      return ConfigLoader.load(file, env);
    }
    String named = env.get("FLEETLEARN_CONFIG");
    if (named != null && !named.isBlank()) {
      return ConfigLoader.load(Path.of(named.strip()), env);
    }
    if (Files.isRegularFile(DEFAULT_CONFIG)) {
      return ConfigLoader.load(DEFAULT_CONFIG, env);
    }
    return ConfigLoader.fromProperties(
        new Properties(), "the environment (no config file)", Path.of("").toAbsolutePath(), env);
  }

  private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof ConfigException) {
      err.println("fleetlearn-device " + cl.getCommandName() + ": bad config: " + e.getMessage());
      return BAD_CONFIG;
    }
    String what = e.getMessage() == null ? e.toString() : e.getMessage();
    err.println("fleetlearn-device " + cl.getCommandName() + " failed: " + what);
    return RUNTIME_FAILURE;
  }
}
