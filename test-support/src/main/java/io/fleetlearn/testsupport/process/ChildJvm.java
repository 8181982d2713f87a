package io.fleetlearn.testsupport.process;

import io.fleetlearn.testsupport.net.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Java main class running in a JVM of its own, on the test's class path, with its output in a log
 * file. {@link #kill()} is {@code destroyForcibly}, i.e. SIGKILL on Linux: the child gets no chance
 * to run shutdown hooks, close files or say goodbye to its broker.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final long startedNanos;

  private ChildJvm(Process process, Path log, long startedNanos) {
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /** A JVM to run {@code mainClass}. */
  public static Builder of(String mainClass) {
    return new Builder(mainClass);
  }

  /**
   * Waits until a line of the log matches {@code regex} and returns the match (group 1 if the
   * pattern has a group). Fails at once, with the log, if the child exits first.
   */
  public String awaitLine(String regex, Duration timeout) {
    Pattern pattern = Pattern.compile(regex);
    String[] found = new String[1];
    try {
      Awaitility.await("a log line matching /" + regex + "/ in " + log)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                for (String line : log().lines().toList()) {
                  Matcher m = pattern.matcher(line);
                  if (m.find()) {
                    found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                    return true;
                  }
                }
                if (!process.isAlive()) {
                  throw new IllegalStateException(exitedMessage());
                }
                return false;
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "no line matching /" + regex + "/ after " + timeout + "; log:\n" + tail(), e);
    }
    return found[0];
  }

  /** Waits until the child accepts connections on {@code port}; fails if it exits first. */
  public void awaitPort(int port, Duration timeout) {
    Awaitility.await("the child JVM to listen on " + port)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(exitedMessage());
              }
              return FreePorts.isListening(port);
            });
  }

  /** SIGKILL, then waits for the exit; returns the exit status (137 for a SIGKILL on Linux). */
  public int kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for pid " + process.pid(), e);
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** When the child was launched, on {@link System#nanoTime()}'s clock. */
  public long startedNanos() {
    return startedNanos;
  }

  /** Everything the child printed so far. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /** The last 60 lines of the log, for failure messages. */
  public String tail() {
    List<String> lines = log().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private String exitedMessage() {
    return "the child JVM exited with status " + process.exitValue() + "; log:\n" + tail();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  /** What to run and how; {@link #start()} launches it. */
  public static final class Builder {
    private final String mainClass;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private Path log;
    private Path directory;

    private Builder(String mainClass) {
      this.mainClass = mainClass;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** A JVM option such as {@code -Xmx256m} or {@code -Dkey=value}. */
    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    public Builder arg(String arg) {
      args.add(arg);
      return this;
    }

    /**
     * The child's working directory (default: the test's). A deployment runs in a folder of its
     * own; a child started in a module folder would read that module's relative config files.
     */
    public Builder directory(Path dir) {
      this.directory = dir;
      return this;
    }

    /** Where stdout and stderr go (required). */
    public Builder log(Path file) {
      this.log = file;
      return this;
    }

    public ChildJvm start() {
      if (log == null) {
        throw new IllegalStateException("log(file) is required: the child's output goes there");
      }
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(classPath());
      command.addAll(jvmArgs);
      command.add(mainClass);
      command.addAll(args);
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              // A fresh log per start: a leftover one from an earlier run would be read as this
              // run's.
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      pb.environment().putAll(env);
      if (directory != null) {
        pb.directory(directory.toFile());
      }
      try {
        Files.createDirectories(log.toAbsolutePath().getParent());
        long started = System.nanoTime();
        return new ChildJvm(pb.start(), log, started);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start a JVM for " + mainClass, e);
      }
    }

    /**
     * The test's real class path: Surefire runs tests from a manifest-only jar and puts the class
     * path it stands for in {@code surefire.test.class.path}.
     */
    private static String classPath() {
      return Optional.ofNullable(System.getProperty("surefire.test.class.path"))
          .filter(s -> !s.isBlank())
          .orElse(System.getProperty("java.class.path"));
    }
  }
}
