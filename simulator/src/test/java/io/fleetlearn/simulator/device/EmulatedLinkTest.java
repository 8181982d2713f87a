package io.fleetlearn.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.device.transport.OutgoingMessage;
import io.fleetlearn.device.transport.PahoSettings;
import io.fleetlearn.device.transport.PahoTransport;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.simulator.fleet.LinkProfile;
import io.fleetlearn.testsupport.mqtt.HiveMqBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link emulation over a real broker: an {@link EmulatedLink} around a real {@link
 * PahoTransport} against an embedded HiveMQ, as the simulator runs it, with a plain Paho peer on
 * the other side. Delays are measured with the wall clock: lower bounds are exact (the link sleeps
 * at least that long), upper bounds allow for a busy shared machine.
 */
class EmulatedLinkTest {
  private static final String DEVICE = "dev-1";
  private static final Topics TOPICS = Topics.of("t");

  /** 100 kbit/s, 200 ms: 5000 bytes take 200 + 5000·8/100 = 600 ms. */
  private static final LinkProfile SLOW = new LinkProfile(100, 200, 0, 0, 0);

  private static final int PAYLOAD = 5000;
  private static final long SLOW_MILLIS = 600;

  /** What a loaded 2-core machine may add to a delivery on top of the emulated time. */
  private static final long SLACK_MILLIS = 1500;

  @TempDir static Path brokerFolder;
  private static HiveMqBroker broker;

  private final ScheduledExecutorService deliveries = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger droppedOut = new AtomicInteger();
  private final List<Transport> open = new ArrayList<>();
  private Transport peer;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new HiveMqBroker(brokerFolder).start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  @BeforeEach
  void connectPeer() {
    peer = connect(new PahoTransport(PahoSettings.of(broker.uri(), "peer")), "peer");
  }

  @AfterEach
  void closeAll() {
    open.forEach(Transport::close);
    deliveries.shutdownNow();
  }

  @Test
  void aReceivedTask_isHandedToTheClient_afterLatencyPlusBytesOverBandwidth() {
    // Arrange
    EmulatedLink link = device(SLOW, 1);
    List<Long> arrived = new CopyOnWriteArrayList<>();
    link.subscribe(TOPICS.task(DEVICE), 1, (t, p) -> arrived.add(System.nanoTime()));

    // Act
    long t0 = System.nanoTime();
    peer.publish(OutgoingMessage.of(TOPICS.task(DEVICE), new byte[PAYLOAD]));

    // Assert
    await().atMost(Duration.ofSeconds(10)).until(() -> arrived.size() == 1);
    assertThat(millis(t0, arrived.get(0)))
        .isGreaterThanOrEqualTo(SLOW_MILLIS)
        .isLessThan(SLOW_MILLIS + SLACK_MILLIS);
  }

  @Test
  void aSend_blocksTheSenderForLatencyPlusBytesOverBandwidth_thenArrives() {
    // Arrange
    EmulatedLink link = device(SLOW, 1);
    List<byte[]> got = new CopyOnWriteArrayList<>();
    peer.subscribe("sim-test/up", 1, (t, p) -> got.add(p));

    // Act
    long t0 = System.nanoTime();
    link.publish(OutgoingMessage.of("sim-test/up", new byte[PAYLOAD]));
    long took = millis(t0, System.nanoTime());

    // Assert
    assertThat(took).isGreaterThanOrEqualTo(SLOW_MILLIS).isLessThan(SLOW_MILLIS + SLACK_MILLIS);
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
    assertThat(got.get(0)).hasSize(PAYLOAD);
  }

  @Test
  void aLinkSwitchedAtRunTime_delaysTheNextMessageByTheNewProfile() {
    // Arrange: a fast link first
    EmulatedLink link = device(new LinkProfile(10_000_000, 0, 0, 0, 0), 1);
    List<Long> arrived = new CopyOnWriteArrayList<>();
    link.subscribe(TOPICS.task(DEVICE), 1, (t, p) -> arrived.add(System.nanoTime()));

    // Act
    link.link(SLOW);
    long t0 = System.nanoTime();
    peer.publish(OutgoingMessage.of(TOPICS.task(DEVICE), new byte[PAYLOAD]));

    // Assert
    await().atMost(Duration.ofSeconds(10)).until(() -> arrived.size() == 1);
    assertThat(millis(t0, arrived.get(0))).isGreaterThanOrEqualTo(SLOW_MILLIS);
    assertThat(link.link()).isEqualTo(SLOW);
  }

  @Test
  void loss_addsOneRetransmissionTimeout_toTheMessagesTheSeededDrawsPick() {
    // Arrange: 300 ms latency, so a lost message takes 300 + max(200, 600) = 900 ms
    long seed = 11;
    LinkProfile lossy = new LinkProfile(10_000_000, 300, 0.5, 0, 0);
    EmulatedLink link = device(lossy, seed);
    SplittableRandom same = new SplittableRandom(seed);
    List<Boolean> expected = new ArrayList<>();
    List<Boolean> slow = new ArrayList<>();

    // Act
    for (int i = 0; i < 8; i++) {
      expected.add(same.nextDouble() < lossy.loss());
      long t0 = System.nanoTime();
      link.publish(OutgoingMessage.of("sim-test/loss", new byte[10]));
      long took = millis(t0, System.nanoTime());
      assertThat(took).isGreaterThanOrEqualTo(300);
      slow.add(took >= 900);
    }

    // Assert: some lost, some not, exactly the ones the seed says
    assertThat(expected).contains(true, false);
    assertThat(slow).isEqualTo(expected);
  }

  @Test
  void aDropout_swallowsTheTask_andTellsTheDevice_butOtherMessagesArrive() {
    // Arrange
    EmulatedLink link = device(new LinkProfile(10_000_000, 0, 0, 1.0, 5), 1);
    AtomicInteger tasks = new AtomicInteger();
    AtomicInteger models = new AtomicInteger();
    link.subscribe(TOPICS.task(DEVICE), 1, (t, p) -> tasks.incrementAndGet());
    link.subscribe("sim-test/model", 1, (t, p) -> models.incrementAndGet());

    // Act
    peer.publish(OutgoingMessage.of(TOPICS.task(DEVICE), new byte[10]));
    peer.publish(OutgoingMessage.of("sim-test/model", new byte[10]));

    // Assert
    await().atMost(Duration.ofSeconds(10)).until(() -> droppedOut.get() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> models.get() == 1);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> tasks.get() == 0);
  }

  private EmulatedLink device(LinkProfile profile, long seed) {
    EmulatedLink link =
        new EmulatedLink(
            new PahoTransport(PahoSettings.of(broker.uri(), DEVICE)),
            TOPICS,
            DEVICE,
            profile,
            1,
            deliveries,
            seed,
            new EmulatedLink.Events() {
              @Override
              public void droppedOut() {
                droppedOut.incrementAndGet();
              }

              @Override
              public void trained() {}
            });
    return (EmulatedLink) connect(link, DEVICE);
  }

  private Transport connect(Transport t, String id) {
    t.connect(OutgoingMessage.retained("sim-test/will/" + id, new byte[0]), e -> {});
    open.add(t);
    return t;
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }
}
