package io.fleetlearn.simulator.run;

import io.fleetlearn.coordinator.CoordinatorVerticle;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.testsupport.net.FreePorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real coordinator for simulator tests that play "a coordinator running elsewhere": the {@link
 * CoordinatorVerticle} with its embedded broker on free loopback ports, authentication on (device
 * password, API token), its secrets in files as a Kubernetes secret would mount them.
 */
public final class TestCoordinator implements AutoCloseable {
  private final Vertx vertx;
  private final CoordinatorVerticle verticle;
  private final int mqttPort;
  private final Credentials credentials;
  private final Path apiTokenFile;

  private TestCoordinator(
      Vertx vertx,
      CoordinatorVerticle verticle,
      int mqttPort,
      Credentials credentials,
      Path apiTokenFile) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.mqttPort = mqttPort;
    this.credentials = credentials;
    this.apiTokenFile = apiTokenFile;
  }

  /** Deploys a coordinator whose database, broker files and secrets live in {@code folder}. */
  public static TestCoordinator start(Path folder) throws Exception {
    Files.createDirectories(folder);
    Credentials c = Credentials.generate(folder);
    Path token = Files.writeString(folder.resolve("api-token"), c.apiToken() + "\n");
    int mqtt = FreePorts.next();
    Vertx vertx = Vertx.vertx();
    CoordinatorVerticle verticle = new CoordinatorVerticle();
    try {
      get(
          vertx.deployVerticle(
              verticle,
              new DeploymentOptions()
                  .setConfig(RunSetup.coordinatorConfig(folder, Simulation.FLEET_ID, mqtt, c))));
    } catch (Exception e) {
      get(vertx.close());
      throw e;
    }
    return new TestCoordinator(vertx, verticle, mqtt, c, token);
  }

  /** {@code http://127.0.0.1:port}, what {@code --coordinator} takes. */
  public String url() {
    return "http://127.0.0.1:" + verticle.httpPort();
  }

  /** {@code tcp://127.0.0.1:port}, what {@code --broker} takes. */
  public String broker() {
    return "tcp://127.0.0.1:" + mqttPort;
  }

  public Path devicePasswordFile() {
    return credentials.deviceFile();
  }

  public Path apiTokenFile() {
    return apiTokenFile;
  }

  /** The coordinator's own service, for a test to check what it recorded. */
  public FleetService fleet() {
    return verticle.fleet();
  }

  public static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    get(vertx.close());
  }

  /** Writes {@code text} to {@code file}, as a mounted secret. */
  public static Path secret(Path file, String text) throws IOException {
    return Files.writeString(file, text);
  }
}
