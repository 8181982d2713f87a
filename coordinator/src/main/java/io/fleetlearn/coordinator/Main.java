package io.fleetlearn.coordinator;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the coordinator. Configuration comes from {@code conf/config.json}, system properties and
 * environment variables (see {@link io.fleetlearn.coordinator.config.ConfigLoader}).
 */
public final class Main {
  static {
    // Before the first logger: HiveMQ CE's jar carries a logback.xml too, so ours has its own name.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "coordinator-logback.xml");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  /** Deploys the coordinator; exits with status 1 if it cannot start. */
  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> vertx.close().await(), "coordinator-shutdown"));
    vertx
        .deployVerticle(new CoordinatorVerticle())
        .onFailure(
            e -> {
              LOG.error("the coordinator could not start: {}", e.getMessage(), e);
              vertx.close().onComplete(x -> System.exit(1));
            });
  }
}
