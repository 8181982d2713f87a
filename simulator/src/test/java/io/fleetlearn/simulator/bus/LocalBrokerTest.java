package io.fleetlearn.simulator.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalBrokerTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** How long to watch for a message that must not come. */
  private static final Duration QUIET = Duration.ofMillis(300);

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LocalBroker broker = new LocalBroker(Access.ALL, 10_000, now::get, 2);

  @AfterEach
  void close() {
    broker.close();
  }

  private BusConnection connect(String id, Receiver r) {
    return connect(id, r, 3600, Optional.empty(), 0);
  }

  private BusConnection connect(
      String id, Receiver r, long expiry, Optional<BusMessage> will, long maxPacket) {
    return broker.connect(new ConnectOptions(id, id, false, expiry, will, maxPacket), r);
  }

  private static BusMessage msg(String topic, String payload, boolean retained, long expiry) {
    return new BusMessage(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained, expiry);
  }

  private static void quietly() {
    // Nothing to wait for: the assertion is that nothing arrives in this time.
    await().pollDelay(QUIET).atMost(QUIET.multipliedBy(2)).until(() -> true);
  }

  @Test
  void retainedMessage_isSentToEveryNewSubscription_andAgainOnResubscribe() {
    // Arrange
    BusConnection pub = connect("pub", Recorder.acking());
    pub.publish(msg("fl/model/3/full", "m3", true, 0));
    Recorder r = Recorder.acking();
    BusConnection sub = connect("sub", r);

    // Act
    sub.subscribe("fl/model/3/full", 1);
    sub.subscribe("fl/model/3/full", 1);

    // Assert
    await().atMost(WAIT).until(() -> r.deliveries.size() == 2);
    assertThat(r.payloads()).containsExactly("m3", "m3");
    assertThat(r.deliveries).allSatisfy(d -> assertThat(d.retained()).isTrue());
  }

  @Test
  void emptyRetainedPayload_clearsTheTopic_andIsForwardedLive() {
    // Arrange
    BusConnection pub = connect("pub", Recorder.acking());
    pub.publish(msg("fl/model/1/full", "m1", true, 0));
    Recorder live = Recorder.acking();
    BusConnection liveSub = connect("live", live);
    liveSub.subscribe("fl/model/#", 1);

    // Act
    pub.publish(msg("fl/model/1/full", "", true, 0));
    Recorder late = Recorder.acking();
    connect("late", late).subscribe("fl/model/#", 1);

    // Assert
    await().atMost(WAIT).until(() -> live.deliveries.size() == 2);
    assertThat(live.payloads()).containsExactly("m1", "");
    assertThat(live.deliveries.get(1).retained()).isFalse();
    quietly();
    assertThat(late.deliveries).isEmpty();
  }

  @Test
  void wildcards_matchOneLevelAndTheRest_butNotDollarTopics() {
    // Arrange
    Recorder plus = Recorder.acking();
    Recorder hash = Recorder.acking();
    connect("plus", plus).subscribe("fl/device/+/update", 1);
    connect("hash", hash).subscribe("#", 1);
    BusConnection pub = connect("pub", Recorder.acking());

    // Act
    pub.publish(msg("fl/device/d1/update", "a", false, 0));
    pub.publish(msg("fl/device/d1/status", "b", false, 0));
    pub.publish(msg("fl/device/d1/update/x", "c", false, 0));
    pub.publish(msg("$SYS/uptime", "d", false, 0));

    // Assert
    await().atMost(WAIT).until(() -> hash.deliveries.size() == 3);
    assertThat(plus.topics()).containsExactly("fl/device/d1/update");
    assertThat(hash.payloads()).containsExactly("a", "b", "c");
  }

  @Test
  void subscribe_refusesAnInvalidFilter_with0x8F() {
    BusConnection c = connect("c", Recorder.acking());

    assertThatThrownBy(() -> c.subscribe("fl/#/x", 1))
        .isInstanceOf(BusException.class)
        .extracting(e -> ((BusException) e).reasonCode())
        .isEqualTo(BusException.TOPIC_FILTER_INVALID);
    assertThatThrownBy(() -> c.subscribe("fl/a+/x", 1)).isInstanceOf(BusException.class);
  }

  @Test
  void expiredMessage_isNotDeliveredFromAnOfflineSessionsQueue() {
    // Arrange: a device that subscribed, then went away with its session kept.
    Recorder first = Recorder.acking();
    BusConnection device = connect("d1", first);
    device.subscribe("fl/device/d1/task", 1);
    device.disconnect();
    BusConnection coordinator = connect("coord", Recorder.acking());
    coordinator.publish(msg("fl/device/d1/task", "stale", false, 30));
    coordinator.publish(msg("fl/device/d1/task", "fresh", false, 120));

    // Act: it comes back a minute later.
    now.addAndGet(60_000);
    Recorder back = Recorder.acking();
    BusConnection again = connect("d1", back);

    // Assert
    assertThat(again.sessionPresent()).isTrue();
    await().atMost(WAIT).until(() -> back.deliveries.size() == 1);
    quietly();
    assertThat(back.payloads()).containsExactly("fresh");
  }

  @Test
  void expiredRetainedMessage_isNotSentOnSubscribe() {
    BusConnection pub = connect("pub", Recorder.acking());
    pub.publish(msg("fl/model/1/full", "m1", true, 10));
    now.addAndGet(11_000);
    Recorder r = Recorder.acking();

    connect("sub", r).subscribe("fl/model/1/full", 1);

    quietly();
    assertThat(r.deliveries).isEmpty();
  }

  @Test
  void offlinePersistentSession_queuesQos1_butNotQos0_andSaysSessionPresent() {
    // Arrange
    BusConnection device = connect("d1", Recorder.acking());
    device.subscribe("t/d1", 1);
    device.disconnect();
    BusConnection pub = connect("pub", Recorder.acking());

    // Act
    pub.publish(msg("t/d1", "one", false, 0));
    pub.publish(new BusMessage("t/d1", "zero".getBytes(StandardCharsets.UTF_8), 0, false, 0));
    Recorder back = Recorder.acking();
    BusConnection again = connect("d1", back);

    // Assert
    assertThat(again.sessionPresent()).isTrue();
    await().atMost(WAIT).until(() -> back.deliveries.size() == 1);
    quietly();
    assertThat(back.payloads()).containsExactly("one");
  }

  @Test
  void sessionWithoutExpiry_endsWithItsConnection() {
    BusConnection c = connect("d1", Recorder.acking(), 0, Optional.empty(), 0);
    c.subscribe("t/d1", 1);

    c.disconnect();
    BusConnection again = connect("d1", Recorder.acking(), 0, Optional.empty(), 0);

    assertThat(again.sessionPresent()).isFalse();
  }

  @Test
  void sessionPastItsExpiry_isNotResumed() {
    BusConnection c = connect("d1", Recorder.acking(), 60, Optional.empty(), 0);
    c.subscribe("t/d1", 1);
    c.disconnect();

    now.addAndGet(61_000);
    BusConnection again = connect("d1", Recorder.acking(), 60, Optional.empty(), 0);

    assertThat(again.sessionPresent()).isFalse();
  }

  @Test
  void unackedDelivery_isRedeliveredAsDuplicate_onTheNextConnection_andAnAckedOneIsNot() {
    // Arrange: a coordinator that acks only what it has made durable.
    Recorder first = Recorder.notAcking();
    BusConnection coordinator = connect("coord", first);
    coordinator.subscribe("fl/device/+/update", 1);
    BusConnection device = connect("d1", Recorder.acking());
    device.publish(msg("fl/device/d1/update", "u1", false, 0));
    device.publish(msg("fl/device/d1/update", "u2", false, 0));
    await().atMost(WAIT).until(() -> first.deliveries.size() == 2);
    first.deliveries.get(0).ack().run();

    // Act: it crashes before acking u2, and comes back.
    coordinator.drop();
    Recorder second = Recorder.acking();
    connect("coord", second);

    // Assert
    await().atMost(WAIT).until(() -> second.deliveries.size() == 1);
    quietly();
    assertThat(second.payloads()).containsExactly("u2");
    assertThat(second.deliveries.get(0).duplicate()).isTrue();
  }

  @Test
  void will_isPublishedOnADrop_butNotOnACleanDisconnect() {
    // Arrange
    Recorder watcher = Recorder.acking();
    connect("coord", watcher).subscribe("fl/device/+/status", 1);
    BusMessage will1 = msg("fl/device/d1/status", "offline-1", true, 0);
    BusMessage will2 = msg("fl/device/d2/status", "offline-2", true, 0);
    Recorder d1 = Recorder.acking();
    BusConnection c1 = connect("d1", d1, 3600, Optional.of(will1), 0);
    BusConnection c2 = connect("d2", Recorder.acking(), 3600, Optional.of(will2), 0);

    // Act
    c1.drop();
    c2.disconnect();

    // Assert
    await().atMost(WAIT).until(() -> watcher.deliveries.size() == 1);
    await().atMost(WAIT).until(() -> d1.losses.size() == 1);
    quietly();
    assertThat(watcher.payloads()).containsExactly("offline-1");
    assertThat(d1.losses.get(0).reasonCode()).isEqualTo(BusException.CONNECTION_LOST);
    Recorder late = Recorder.acking();
    connect("late", late).subscribe("fl/device/d1/status", 1);
    await().atMost(WAIT).until(() -> late.payloads().equals(List.of("offline-1")));
  }

  @Test
  void secondConnection_takesTheSessionOver_endingTheFirstWithItsWill() {
    Recorder watcher = Recorder.acking();
    connect("coord", watcher).subscribe("s/#", 1);
    Recorder first = Recorder.acking();
    BusConnection old = connect("d1", first, 3600, Optional.of(msg("s/d1", "gone", true, 0)), 0);

    BusConnection fresh = connect("d1", Recorder.acking());

    await().atMost(WAIT).until(() -> first.losses.size() == 1);
    assertThat(first.losses.get(0).reasonCode()).isEqualTo(BusException.SESSION_TAKEN_OVER);
    assertThat(old.isOpen()).isFalse();
    assertThat(fresh.sessionPresent()).isTrue();
    await().atMost(WAIT).until(() -> watcher.payloads().equals(List.of("gone")));
  }

  @Test
  void publishOverTheBrokersMaximumPacketSize_isRefusedWith0x95() {
    BusConnection c = connect("d1", Recorder.acking());

    assertThatThrownBy(() -> c.publish(new BusMessage("t", new byte[10_000], 1, false, 0)))
        .isInstanceOf(BusException.class)
        .extracting(e -> ((BusException) e).reasonCode())
        .isEqualTo(BusException.PACKET_TOO_LARGE);
  }

  @Test
  void messageOverTheClientsMaximumPacketSize_isNotDeliveredToIt() {
    Recorder small = Recorder.acking();
    connect("small", small, 3600, Optional.empty(), 100).subscribe("t", 1);
    Recorder big = Recorder.acking();
    connect("big", big).subscribe("t", 1);
    BusConnection pub = connect("pub", Recorder.acking());

    pub.publish(new BusMessage("t", new byte[500], 1, false, 0));
    pub.publish(new BusMessage("t", new byte[10], 1, false, 0));

    await().atMost(WAIT).until(() -> big.deliveries.size() == 2);
    await().atMost(WAIT).until(() -> small.deliveries.size() == 1);
    assertThat(small.deliveries.get(0).payload()).hasSize(10);
  }

  @Test
  void topicRules_refusePublishAndSubscribe_with0x87() {
    LocalBroker strict =
        new LocalBroker(
            new Access() {
              @Override
              public boolean mayPublish(String principal, String topic) {
                return topic.startsWith(principal + "/");
              }

              @Override
              public boolean maySubscribe(String principal, String filter) {
                return filter.equals(principal + "/task");
              }
            });
    try {
      BusConnection c =
          strict.connect(
              new ConnectOptions("d1", "d1", false, 60, Optional.empty(), 0), Recorder.acking());

      c.publish(msg("d1/status", "ok", false, 0));
      c.subscribe("d1/task", 1);
      assertThatThrownBy(() -> c.publish(msg("d2/status", "x", false, 0)))
          .extracting(e -> ((BusException) e).reasonCode())
          .isEqualTo(BusException.NOT_AUTHORIZED);
      assertThatThrownBy(() -> c.subscribe("#", 1))
          .extracting(e -> ((BusException) e).reasonCode())
          .isEqualTo(BusException.NOT_AUTHORIZED);
    } finally {
      strict.close();
    }
  }

  @Test
  void deliveries_runOnBusThreads_inPublishOrder() {
    Recorder r = Recorder.acking();
    connect("sub", r).subscribe("t", 1);
    BusConnection pub = connect("pub", Recorder.acking());

    for (int i = 0; i < 500; i++) {
      pub.publish(msg("t", Integer.toString(i), false, 0));
    }

    await().atMost(WAIT).until(() -> r.deliveries.size() == 500);
    assertThat(r.payloads())
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, 500).mapToObj(Integer::toString).toList());
    assertThat(r.threads).allSatisfy(t -> assertThat(t).startsWith("bus-"));
  }

  @Test
  void operationsAfterDisconnect_failAsNotConnected() {
    BusConnection c = connect("d1", Recorder.acking());
    c.disconnect();

    assertThatThrownBy(() -> c.publish(msg("t", "x", false, 0)))
        .extracting(e -> ((BusException) e).reasonCode())
        .isEqualTo(BusException.NOT_CONNECTED);
  }
}
