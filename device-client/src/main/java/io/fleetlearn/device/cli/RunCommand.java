package io.fleetlearn.device.cli;

import io.fleetlearn.device.client.DeviceClient;
import io.fleetlearn.device.config.DeviceConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the device program. Starts a {@link DeviceClient} and keeps it running until the JVM
 * is asked to stop (SIGTERM, SIGINT), then closes it: the offline status is published and a running
 * round gets up to 30 s to finish. The shutdown hook only signals and waits, so the client is
 * closed by the thread that opened it.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the device: connect to the broker, publish status, train the tasks it is given.",
      "Runs until SIGTERM or SIGINT. Config: --config FILE, else $FLEETLEARN_CONFIG, else "
          + "/etc/fleetlearn/device.properties if it exists, else environment variables only."
    })
final class RunCommand implements Callable<Integer> {
  /** How long the shutdown hook lets the client close (a round gets 30 s of it). */
  private static final long CLOSE_SECONDS = 45;

  @ParentCommand DeviceCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The device's .properties file.")
  Path config;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    DeviceConfig c = parent.config(config);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                closed.await(CLOSE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fleetlearn-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (DeviceClient client = DeviceClient.start(c)) {
      spec.commandLine()
          .getErr()
          .printf(
              "fleetlearn-device %s running (fleet %s, %s)%n",
              c.deviceId(), c.fleet(), c.brokerUri());
      started.countDown();
      stop.await();
      spec.commandLine().getErr().printf("fleetlearn-device %s stopping%n", c.deviceId());
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is what is running.
      }
    }
    return DeviceCli.OK;
  }

  /** Waits until the device is running (for tests and embedders). */
  boolean awaitStarted(long seconds) throws InterruptedException {
    return started.await(seconds, TimeUnit.SECONDS);
  }

  /** Stops the device as a SIGTERM would. */
  void stop() {
    stop.countDown();
  }
}
