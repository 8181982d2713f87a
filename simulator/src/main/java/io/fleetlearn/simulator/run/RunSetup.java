package io.fleetlearn.simulator.run;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
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

  static Path runFolder(Path out) throws IOException {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path run = out.resolve("run-" + stamp);
    for (int i = 2; Files.exists(run); i++) {
      run = out.resolve("run-" + stamp + "-" + i);
    }
    LOG.info("run folder {}", run);
    return Files.createDirectories(run);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
