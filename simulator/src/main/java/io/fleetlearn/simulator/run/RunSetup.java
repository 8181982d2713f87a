package io.fleetlearn.simulator.run;

import io.fleetlearn.simulator.fleet.Shard;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A run's folder, ports and the coordinator's configuration. */
final class RunSetup {
  private static final Logger LOG = LoggerFactory.getLogger(RunSetup.class);

  private RunSetup() {}

  static JsonObject coordinatorConfig(Path run, String fleet, int mqttPort, Credentials c) {
    return new JsonObject()
        // A file that does not exist: a conf/config.json in the working folder must not leak in.
        .put("CONFIG_FILE", run.resolve("no-config.json").toString())
        .put("HTTP_PORT", 0)
        .put("DATA_DIR", run.resolve("coordinator").toString())
        .put("FLEET", fleet)
        .put("MQTT_PORT", mqttPort)
        .put("MQTT_BIND_ADDRESS", "127.0.0.1")
        .put("MQTT_PASSWORD", c.coordinatorPassword())
        .put("DEVICE_PASSWORD", c.devicePassword())
        .put("API_TOKEN", c.apiToken());
  }

  /**
   * A new folder {@code run-YYYYMMDD-HHMMSS} in {@code out} ({@code ...-shardI} for one shard of
   * several, so shards sharing {@code out} never share a folder).
   */
  static Path runFolder(Path out, Shard shard) throws IOException {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    String name = "run-" + stamp + (shard.count() > 1 ? "-shard" + shard.index() : "");
    Files.createDirectories(out);
    for (int i = 2; ; i++) {
      Path run = out.resolve(i == 2 ? name : name + "-" + (i - 1));
      try {
        // createDirectory, not createDirectories: it fails if the folder exists, so two runs
        // started in the same second never share one.
        Files.createDirectory(run);
        LOG.info("run folder {}", run);
        return run;
      } catch (FileAlreadyExistsException e) {
        // Taken: try the next suffix.
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
