package io.fleetlearn.testsupport.mosquitto;

import io.fleetlearn.testsupport.net.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code mosquitto} process on a free loopback port, with its configuration, password file, ACL
 * file, persistence folder and log in one folder of its own. {@link #kill()} sends SIGKILL (no
 * persistence save, no wills sent cleanly); {@link #start()} again reuses the same port and
 * persistence folder, as a restarted deployment would.
 *
 * <p>Tests call {@link #assumeInstalled()} first: without a binary they are skipped with a message
 * saying how to get one, instead of failing.
 */
public final class MosquittoProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MosquittoProcess.class);

  /** Names the folder of the shipped configuration; see {@link Builder#shipped()}. */
  public static final String DIST_PROPERTY = "fleetlearn.mosquitto.dist";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final String HOW_TO_INSTALL =
      "no mosquitto binary (looked at $MOSQUITTO_BIN, -Dmosquitto.bin, $PATH, /usr/sbin,"
          + " /usr/local/sbin): install Debian's 'mosquitto' package or point MOSQUITTO_BIN at one;"
          + " the Mosquitto tests are skipped";

  private final Path binary;
  private final Path dir;
  private final int port;
  private Process process;

  private MosquittoProcess(Path binary, Path dir, int port) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /** The mosquitto binary, if this machine has one. */
  public static Optional<Path> findBinary() {
    Stream<String> explicit =
        Stream.of(System.getenv("MOSQUITTO_BIN"), System.getProperty("mosquitto.bin"));
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    Stream<String> searched =
        Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/usr/local/sbin"))
            .filter(d -> !d.isEmpty())
            .map(d -> d + "/mosquitto");
    return Stream.concat(explicit, searched)
        .filter(p -> p != null && !p.isBlank())
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The binary; skips the calling test (a JUnit assumption) with a visible reason if none. */
  public static Path assumeInstalled() {
    Optional<Path> found = findBinary();
    if (found.isEmpty()) {
      LOG.warn(HOW_TO_INSTALL);
      System.err.println("WARNING: " + HOW_TO_INSTALL);
    }
    Assumptions.assumeTrue(found.isPresent(), HOW_TO_INSTALL);
    return found.get();
  }

  /** A broker to be set up in {@code dir} (created if missing). */
  public static Builder in(Path dir) {
    return new Builder(dir);
  }

  /** Starts the broker (again) and waits until it accepts connections. */
  public synchronized MosquittoProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("mosquitto is already running on port " + port);
    }
    try {
      process =
          new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
    try {
      FreePorts.awaitListening(port, START_TIMEOUT);
    } catch (RuntimeException e) {
      String log = log();
      kill();
      throw new IllegalStateException(
          "mosquitto did not listen on " + port + " within " + START_TIMEOUT + "; log:\n" + log, e);
    }
    LOG.info("mosquitto pid {} listening on 127.0.0.1:{}", process.pid(), port);
    return this;
  }

  /** SIGKILL: the broker dies at once; what it had not autosaved is lost. Waits for the exit. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor();
    }
  }

  /** SIGTERM: the broker saves its persistence file and exits. Waits for the exit. */
  public synchronized void stop() {
    if (process != null) {
      process.destroy();
      waitFor();
    }
  }

  private void waitFor() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for mosquitto to exit", e);
    }
    FreePorts.awaitClosed(port, Duration.ofSeconds(10));
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:port}. */
  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The folder holding the configuration, the auth files, the persistence and the logs. */
  public Path dir() {
    return dir;
  }

  /** The broker's log so far (its log file and anything it printed), for failure messages. */
  public String log() {
    StringBuilder out = new StringBuilder();
    for (String name : new String[] {"mosquitto.log", "stdout.log"}) {
      Path file = dir.resolve(name);
      try {
        if (Files.exists(file)) {
          out.append(Files.readString(file));
        }
      } catch (IOException e) {
        out.append("(cannot read ").append(file).append(": ").append(e).append(")\n");
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    kill();
  }

  /** Sets up the folder; {@link #start()} writes the files and launches the broker. */
  public static final class Builder {
    private final Path dir;
    private final Map<String, String> users = new LinkedHashMap<>();
    private String config = "persistence true\nallow_anonymous false\nlistener 1883\n";
    private String acl;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** The configuration to run (default: persistence on, no anonymous clients). */
    public Builder config(Path file) {
      this.config = read(file);
      return this;
    }

    /**
     * The configuration and ACL we ship ({@code mosquitto.conf} and {@code acl} in the folder the
     * system property {@value #DIST_PROPERTY} names; the build sets it).
     */
    public Builder shipped() {
      String dist = System.getProperty(DIST_PROPERTY);
      if (dist == null || dist.isBlank()) {
        throw new IllegalStateException(
            "system property "
                + DIST_PROPERTY
                + " is not set: point it at coordinator/src/dist/mosquitto (the module's"
                + " surefire configuration does)");
      }
      return config(Path.of(dist, "mosquitto.conf")).acl(Path.of(dist, "acl"));
    }

    /** An ACL file to copy next to the configuration (default: none, everyone may do anything). */
    public Builder acl(Path file) {
      this.acl = read(file);
      return this;
    }

    /** A user of the password file. */
    public Builder user(String name, String password) {
      users.put(name, password);
      return this;
    }

    /** Writes the files, then starts the broker on a free port. */
    public MosquittoProcess start() {
      Path binary = assumeInstalled();
      int port = FreePorts.next();
      try {
        Files.createDirectories(dir.resolve("data"));
        MosquittoConfig conf =
            MosquittoConfig.of(config)
                .set("listener", port + " 127.0.0.1")
                .set("persistence_location", dir.resolve("data") + "/")
                .set("log_dest", "file " + dir.resolve("mosquitto.log"))
                .set("pid_file", dir.resolve("mosquitto.pid").toString())
                // Started as root, mosquitto would switch to user "mosquitto", who cannot read
                // our temporary folder; as anyone else it ignores this line.
                .set("user", System.getProperty("user.name"));
        if (!users.isEmpty()) {
          Path passwords = dir.resolve("passwd");
          Files.writeString(passwords, PasswordFile.render(users, new SecureRandom()));
          conf.set("password_file", passwords.toString());
        }
        if (acl != null) {
          Path aclFile = dir.resolve("acl");
          Files.writeString(aclFile, acl);
          conf.set("acl_file", aclFile.toString());
        }
        Files.writeString(dir.resolve("mosquitto.conf"), conf.render());
      } catch (IOException e) {
        throw new UncheckedIOException("could not write mosquitto's files under " + dir, e);
      }
      return new MosquittoProcess(binary, dir, port).start();
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }
}
