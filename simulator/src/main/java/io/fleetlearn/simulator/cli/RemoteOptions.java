package io.fleetlearn.simulator.cli;

import io.fleetlearn.simulator.fleet.Shard;
import io.fleetlearn.simulator.run.Remote;
import io.fleetlearn.simulator.run.Simulation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of a simulation against a coordinator and broker that run elsewhere (what the Helm
 * chart's Job runs), and of a fleet spread over several such processes.
 */
final class RemoteOptions {
  /** Where the API token comes from when no file is given. */
  static final String TOKEN_ENV = "FLEETLEARN_API_TOKEN";

  /** A token or password file holds a few bytes; anything bigger is a wrong path. */
  private static final long MAX_SECRET_FILE_BYTES = 4096;

  @Option(
      names = "--coordinator",
      paramLabel = "URL",
      description =
          "use the coordinator at URL (e.g. http://fleetlearn-coordinator:8080) instead of"
              + " starting one; needs --broker and --device-password-file")
  String coordinator;

  @Option(
      names = "--api-token-file",
      paramLabel = "FILE",
      description = "the coordinator's API token (default: env " + TOKEN_ENV + ")")
  Path apiTokenFile;

  @Option(
      names = "--broker",
      paramLabel = "URI",
      description = "where the devices connect: tcp://host:1883 or ssl://host:8883")
  String broker;

  @Option(
      names = "--fleet-id",
      paramLabel = "ID",
      description = "the coordinator's FLEET (default: ${DEFAULT-VALUE})")
  String fleetId = Simulation.FLEET_ID;

  @Option(
      names = "--device-password-file",
      paramLabel = "FILE",
      description = "the shared device password; each device logs in with its device id")
  Path devicePasswordFile;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = "PEM CA certificates the devices trust for an ssl:// broker")
  Path caFile;

  @Option(
      names = "--shard-index",
      paramLabel = "I",
      defaultValue = "${env:JOB_COMPLETION_INDEX:-0}",
      description =
          "this process runs fleet members k with k %% N == I (default: env"
              + " JOB_COMPLETION_INDEX, else 0)")
  int shardIndex;

  @Option(
      names = "--shard-count",
      paramLabel = "N",
      defaultValue = "1",
      description = "processes sharing the fleet (${DEFAULT-VALUE})")
  int shardCount;

  @Option(
      names = "--training-name",
      paramLabel = "NAME",
      defaultValue = Simulation.TRAINING_NAME,
      description = "the training's name; other shards find it by it (${DEFAULT-VALUE})")
  String trainingName;

  @Option(
      names = "--wait-timeout",
      paramLabel = "S",
      defaultValue = "600",
      description =
          "seconds shard 0 waits for the whole fleet online, and other shards for the training"
              + " (${DEFAULT-VALUE})")
  long waitSeconds;

  /**
   * The remote settings, or empty for a simulation with its own coordinator.
   *
   * @param env the environment (for the token)
   * @throws IllegalArgumentException naming the option when one is missing, unreadable or out of
   *     range
   */
  Optional<Remote> remote(Map<String, String> env, int fleetSize) throws IOException {
    Shard shard = new Shard(shardIndex, shardCount);
    if (coordinator == null) {
      if (shard.count() > 1
          || broker != null
          || devicePasswordFile != null
          || caFile != null
          || apiTokenFile != null
          || !Simulation.FLEET_ID.equals(fleetId)) {
        throw new IllegalArgumentException(
            "--shard-count, --broker, --device-password-file, --ca-file, --api-token-file and"
                + " --fleet-id need --coordinator URL (without it the simulation starts its own"
                + " coordinator and broker)");
      }
      return Optional.empty();
    }
    if (broker == null || devicePasswordFile == null) {
      throw new IllegalArgumentException(
          "--coordinator needs --broker URI and --device-password-file FILE");
    }
    if (shard.count() > fleetSize) {
      throw new IllegalArgumentException(
          "--shard-count ("
              + shard.count()
              + ") must not exceed the fleet's "
              + fleetSize
              + " devices");
    }
    secret("--device-password-file", devicePasswordFile);
    if (caFile != null && !Files.isReadable(caFile)) {
      throw new IllegalArgumentException("--ca-file " + caFile + " is not a readable file");
    }
    Optional<String> token =
        apiTokenFile != null
            ? Optional.of(secret("--api-token-file", apiTokenFile))
            : Optional.ofNullable(env.get(TOKEN_ENV)).map(String::strip).filter(s -> !s.isEmpty());
    return Optional.of(
        new Remote(
            coordinator,
            token,
            broker,
            fleetId,
            devicePasswordFile,
            Optional.ofNullable(caFile),
            shard,
            trainingName,
            Duration.ofSeconds(waitSeconds)));
  }

  private static String secret(String option, Path file) throws IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(option + " " + file + " is not a readable file");
    }
    if (Files.size(file) > MAX_SECRET_FILE_BYTES) {
      throw new IllegalArgumentException(
          option + " " + file + " is over " + MAX_SECRET_FILE_BYTES + " bytes: not a secret file");
    }
    String s = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException(option + " " + file + " is empty");
    }
    return s;
  }
}
