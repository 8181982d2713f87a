package io.fleetlearn.device.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.testsupport.mqtt.HiveMqBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor and the outbox against a real broker that goes away and comes back. */
class SupervisedBrokerTest {
  private static final Topics TOPICS = Topics.of("sup");
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path folder;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private HiveMqBroker broker;

  @AfterEach
  void tearDown() throws Exception {
    scheduler.shutdownNow();
    if (broker != null) {
      broker.close();
    }
  }

  private ReconnectSupervisor supervisor(Transport transport, String id) {
    return new ReconnectSupervisor(
        transport,
        OutgoingMessage.retained(TOPICS.status(id), "offline".getBytes(UTF_8)),
        scheduler,
        new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), new SplittableRandom(42)),
        Duration.ofSeconds(30));
  }

  private PahoTransport client(String id) {
    return new PahoTransport(PahoSettings.of(broker.uri(), id).withTimeout(Duration.ofSeconds(5)));
  }

  @Test
  void theSupervisorReconnectsAfterABrokerRestartAndSubscribesAgain() throws Exception {
    broker = new HiveMqBroker(folder).start();
    String id = "dev-sup";
    AtomicReference<String> task = new AtomicReference<>();
    try (ReconnectSupervisor device = supervisor(client(id), id)) {
      device.subscribe(TOPICS.task(id), 1, (t, p) -> task.set(new String(p, UTF_8)));
      device.start();
      await().atMost(WAIT).until(() -> device.state().connected());

      broker.stop();
      await().atMost(WAIT).until(() -> device.state().attempts() >= 3);
      assertThat(device.state().connected()).isFalse();
      assertThat(device.state().lastError()).isPresent();

      broker.start(); // a fresh in-memory broker: the session is gone, so must the subscription be
      await().atMost(WAIT).until(() -> device.state().connected());
      try (PahoTransport coordinator = client("coord-sup")) {
        coordinator.connect(
            OutgoingMessage.retained(TOPICS.coordinatorStatus(), new byte[0]), e -> {});
        coordinator.publish(OutgoingMessage.of(TOPICS.task(id), "round 8".getBytes(UTF_8)));
      }
      await().atMost(WAIT).untilAsserted(() -> assertThat(task.get()).isEqualTo("round 8"));
    }
  }

  @Test
  void theOutboxDeliversOnceTheBrokerIsBackAndItsFileIsGoneAfterwards() throws Exception {
    broker = new HiveMqBroker(folder.resolve("broker")); // not started yet: the device is offline
    String id = "dev-outbox";
    Path data = Files.createDirectories(folder.resolve("device"));
    Outbox outbox = Outbox.open(data.resolve("outbox"), new Outbox.Limits(1 << 20, 16));
    byte[] update = "update of round 5".getBytes(UTF_8);
    outbox.put(new OutboxEntry(5, 77, TOPICS.update(id), update));
    outbox.put(new OutboxEntry(4, 78, TOPICS.update(id), new byte[] {4})); // round 4 is over

    CountDownLatch coordinatorReady = new CountDownLatch(1);
    List<String> received = new CopyOnWriteArrayList<>();
    PahoTransport transport = client(id);
    try (ReconnectSupervisor device = supervisor(transport, id)) {
      device.onConnected(
          () -> {
            try {
              // Only so the test's coordinator is listening before the flush; not needed in life.
              coordinatorReady.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            outbox.flush(transport, round -> round >= 5);
          });
      device.start();
      await().atMost(WAIT).until(() -> device.state().attempts() >= 2);

      broker.start();
      try (PahoTransport coordinator = client("coord-outbox")) {
        coordinator.connect(
            OutgoingMessage.retained(TOPICS.coordinatorStatus(), new byte[0]), e -> {});
        coordinator.subscribe(
            TOPICS.allUpdates(), 1, (t, p) -> received.add(t + "=" + new String(p, UTF_8)));
        coordinatorReady.countDown();

        await().atMost(WAIT).until(() -> outbox.size() == 0);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(received).containsExactly(TOPICS.update(id) + "=update of round 5"));
      }
    }
    try (var files = Files.list(data.resolve("outbox"))) {
      assertThat(files).isEmpty();
    }
  }
}
