package io.fleetlearn.simulator.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.coordinator.mqtt.InboundMessage;
import io.fleetlearn.coordinator.mqtt.LinkSettings;
import io.fleetlearn.coordinator.mqtt.MqttLink;
import io.fleetlearn.device.transport.OutgoingMessage;
import io.fleetlearn.device.transport.PahoTransport;
import io.fleetlearn.device.transport.TransportException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The device transport and the coordinator link on the bus, each against its contract. */
class LocalTransportsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String UPDATES = "fl/sim/device/+/update";

  private final LocalBroker broker = new LocalBroker(Access.ALL);
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    broker.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private LocalDeviceTransport device(String id, long maxPacket) {
    return new LocalDeviceTransport(broker, id, Duration.ofDays(1), maxPacket);
  }

  private static <T> T get(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static LinkSettings coordinator() {
    return new LinkSettings(
        URI.create("local:bus"),
        "fl-coordinator-sim",
        Optional.of("coordinator"),
        "",
        "fl/sim/coordinator/status",
        bytes("offline"));
  }

  @Test
  void routedHandler_getsTheTaskQueuedWhileAway_rightAfterConnect_withSessionPresent() {
    // Arrange: the device subscribed once, then was away while a task came.
    List<String> got = new CopyOnWriteArrayList<>();
    LocalDeviceTransport first = device("d1", 0);
    assertThat(
            first.connect(
                OutgoingMessage.retained("fl/sim/device/d1/status", bytes("off")), e -> {}))
        .isFalse();
    first.subscribe("fl/sim/device/d1/task", 1, (t, p) -> {});
    first.close();
    LocalDeviceTransport pub = device("coord", 0);
    pub.connect(OutgoingMessage.retained("c/status", bytes("off")), e -> {});
    pub.publish(OutgoingMessage.of("fl/sim/device/d1/task", bytes("task-7")));

    // Act: as ReconnectSupervisor does, route first and connect, no SUBSCRIBE.
    LocalDeviceTransport again = device("d1", 0);
    again.route("fl/sim/device/d1/task", (t, p) -> got.add(new String(p, StandardCharsets.UTF_8)));
    boolean present =
        again.connect(OutgoingMessage.retained("fl/sim/device/d1/status", bytes("off")), e -> {});

    // Assert
    assertThat(present).isTrue();
    await().atMost(WAIT).until(() -> got.equals(List.of("task-7")));
  }

  @Test
  void crash_publishesTheWill_andTellsOnLostOnce() throws Exception {
    // Arrange
    List<InboundMessage> statuses = new CopyOnWriteArrayList<>();
    MqttLink link = get(LocalCoordinatorLink.connect(vertx, broker, coordinator()));
    get(link.subscribe("fl/sim/device/+/status", statuses::add));
    LocalDeviceTransport d = device("d1", 0);
    List<TransportException> lost = new CopyOnWriteArrayList<>();
    d.connect(OutgoingMessage.retained("fl/sim/device/d1/status", bytes("offline")), lost::add);

    // Act
    d.crash();

    // Assert
    await().atMost(WAIT).until(() -> statuses.size() == 1);
    assertThat(new String(statuses.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("offline");
    await().atMost(WAIT).until(() -> lost.size() == 1);
    assertThat(lost.get(0).reasonCode()).isEqualTo(BusException.CONNECTION_LOST);
  }

  @Test
  void publishOverTheBrokersMaximumPacketSize_failsWithPahosPacketTooLargeCode() {
    LocalBroker small = new LocalBroker(Access.ALL, 1000, System::currentTimeMillis, 1);
    try {
      LocalDeviceTransport d = new LocalDeviceTransport(small, "d1", Duration.ofDays(1), 0);
      d.connect(OutgoingMessage.retained("s", bytes("off")), e -> {});

      assertThatThrownBy(() -> d.publish(OutgoingMessage.of("u", new byte[2000])))
          .isInstanceOf(TransportException.class)
          .extracting(e -> ((TransportException) e).reasonCode())
          .isEqualTo(PahoTransport.PACKET_TOO_LARGE);
    } finally {
      small.close();
    }
  }

  @Test
  void publishWhileNotConnected_failsWithATransportException() {
    LocalDeviceTransport d = device("d1", 0);

    assertThatThrownBy(() -> d.publish(OutgoingMessage.of("u", bytes("x"))))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("not connected");
  }

  @Test
  void coordinatorLink_runsHandlersOnItsContext_andRedeliversAnUnackedUpdateAfterARestart()
      throws Exception {
    // Arrange: a handler that defers the ack and never sends it (a crash before fsync).
    Context context = vertx.getOrCreateContext();
    List<Boolean> onContext = new CopyOnWriteArrayList<>();
    List<InboundMessage> first = new CopyOnWriteArrayList<>();
    MqttLink link = get(connectOn(context));
    get(
        link.subscribe(
            UPDATES,
            m -> {
              onContext.add(Vertx.currentContext() == context);
              m.ack().defer();
              first.add(m);
            }));
    LocalDeviceTransport d = device("d1", 0);
    d.connect(OutgoingMessage.retained("fl/sim/device/d1/status", bytes("off")), e -> {});
    d.publish(OutgoingMessage.of("fl/sim/device/d1/update", bytes("u1")));
    await().atMost(WAIT).until(() -> first.size() == 1);

    // Act: the coordinator stops and a new one resumes the session, registering late.
    get(link.close());
    List<InboundMessage> second = new CopyOnWriteArrayList<>();
    MqttLink resumed = get(connectOn(context));
    get(resumed.subscribe(UPDATES, m -> second.add(m)));

    // Assert
    assertThat(onContext).containsExactly(true);
    await().atMost(WAIT).until(() -> second.size() == 1);
    assertThat(new String(second.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("u1");
    assertThat(resumed.isConnected()).isTrue();
  }

  @Test
  void coordinatorLink_publishesRetainedWithExpiry_andClearsWithAnEmptyPayload() throws Exception {
    MqttLink link = get(LocalCoordinatorLink.connect(vertx, broker, coordinator()));
    get(link.publish("fl/sim/model/1/full", bytes("m1"), true));
    get(link.publish("fl/sim/device/d1/task", bytes("t1"), false, 60));
    List<String> got = new CopyOnWriteArrayList<>();
    LocalDeviceTransport d = device("d1", 0);
    d.connect(OutgoingMessage.retained("s", bytes("off")), e -> {});

    d.subscribe("fl/sim/model/1/full", 1, (t, p) -> got.add(new String(p, StandardCharsets.UTF_8)));
    get(link.publish("fl/sim/model/1/full", new byte[0], true));
    d.subscribe("fl/sim/model/1/full", 1, (t, p) -> got.add(new String(p, StandardCharsets.UTF_8)));

    await().atMost(WAIT).until(() -> got.size() == 2);
    assertThat(got).containsExactly("m1", "");
    assertThatThrownBy(() -> link.publish("t", bytes("x"), false, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private io.vertx.core.Future<MqttLink> connectOn(Context context) {
    io.vertx.core.Promise<MqttLink> p = io.vertx.core.Promise.promise();
    context.runOnContext(
        v -> LocalCoordinatorLink.connect(vertx, broker, coordinator()).onComplete(p));
    return p.future();
  }
}
