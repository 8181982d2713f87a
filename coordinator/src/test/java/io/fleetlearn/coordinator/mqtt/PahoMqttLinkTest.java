package io.fleetlearn.coordinator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.coordinator.config.CoordinatorConfig;
import io.fleetlearn.testsupport.net.KillableProxy;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PahoMqttLinkTest {
  private static EmbeddedBroker broker;
  private static int port;

  @BeforeAll
  static void startBroker(Vertx vertx, VertxTestContext testContext) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CoordinatorConfig config =
        CoordinatorConfig.from(
            new JsonObject()
                .put("DEMO_MODE", true)
                .put("DATA_DIR", Files.createTempDirectory("link-test").toString())
                .put("MQTT_PORT", port)
                .put("MQTT_BIND_ADDRESS", "127.0.0.1"));
    EmbeddedBroker.start(vertx, config)
        .onComplete(
            testContext.succeeding(
                b -> {
                  broker = b;
                  testContext.completeNow();
                }));
  }

  @AfterAll
  static void stopBroker(Vertx vertx, VertxTestContext testContext) {
    broker.stop(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @Test
  void subscribe_deliversMatchingMessages_onTheLinksEventLoop(Vertx vertx) throws Exception {
    // Arrange
    List<String> received = new CopyOnWriteArrayList<>();
    MqttLink link = connect(vertx, URI.create("tcp://127.0.0.1:" + port), "link-a");
    join(
        link.subscribe(
            "fl/t/device/+/status",
            m -> {
              if (Context.isOnEventLoopThread()) {
                received.add(m.topic() + "=" + new String(m.payload(), StandardCharsets.UTF_8));
              }
            }));

    // Act
    join(link.publish("fl/t/device/d-1/status", bytes("up"), false));
    join(link.publish("fl/t/device/d-1/update", bytes("not subscribed"), false));

    // Assert
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> received.contains("fl/t/device/d-1/status=up"));
    assertThat(received).containsExactly("fl/t/device/d-1/status=up");
    join(link.close());
    assertThat(link.isConnected()).isFalse();
  }

  @Test
  void link_reconnectsAndResubscribes_afterTheConnectionIsCut(Vertx vertx) throws Exception {
    // Arrange: the link goes through a proxy that can cut it; a second link publishes directly.
    List<String> received = new CopyOnWriteArrayList<>();
    try (KillableProxy proxy = new KillableProxy(port)) {
      MqttLink link = connect(vertx, URI.create(proxy.uri()), "link-b");
      MqttLink sender = connect(vertx, URI.create("tcp://127.0.0.1:" + port), "sender");
      join(
          link.subscribe(
              "fl/t/coordinator/ping",
              m -> received.add(new String(m.payload(), StandardCharsets.UTF_8))));

      // Act
      proxy.killAll();

      // Assert: down, then up again on its own, with the subscription restored.
      await().atMost(Duration.ofSeconds(10)).until(() -> !link.isConnected());
      await().atMost(Duration.ofSeconds(15)).until(link::isConnected);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                join(sender.publish("fl/t/coordinator/ping", bytes("after"), false));
                assertThat(received).contains("after");
              });
      join(link.close());
      join(sender.close());
    }
  }

  @Test
  void link_republishesWhatItLastRetainedOnItsWillTopic_afterAReconnect(Vertx vertx)
      throws Exception {
    // Arrange: the link said "online" on its will topic; an observer follows that topic.
    List<String> seen = new CopyOnWriteArrayList<>();
    try (KillableProxy proxy = new KillableProxy(port)) {
      MqttLink link = connect(vertx, URI.create(proxy.uri()), "link-w");
      MqttLink observer = connect(vertx, URI.create("tcp://127.0.0.1:" + port), "observer-w");
      join(link.publish(WILL_TOPIC, bytes("online"), true));
      join(
          observer.subscribe(
              WILL_TOPIC, m -> seen.add(new String(m.payload(), StandardCharsets.UTF_8))));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("online"));
      seen.clear();

      // Act: the connection dies, so the broker publishes the will.
      proxy.killAll();

      // Assert: the will went out, then "online" again once the link is back.
      await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains(WILL_TEXT));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> seen.lastIndexOf("online") > seen.indexOf(WILL_TEXT));
      join(link.close());
      join(observer.close());
    }
  }

  @Test
  void messagesQueuedForTheSession_reachAHandlerRegisteredAfterTheyArrived(Vertx vertx)
      throws Exception {
    // Arrange: a persistent session with a subscription, then the link goes away.
    URI uri = URI.create("tcp://127.0.0.1:" + port);
    MqttLink before = connect(vertx, uri, "link-resume");
    join(before.subscribe("fl/t/device/+/update", m -> {}));
    join(before.close());
    MqttLink sender = connect(vertx, uri, "sender-resume");
    for (int i = 0; i < 3; i++) {
      join(sender.publish("fl/t/device/d-" + i + "/update", bytes("u" + i), false));
    }

    // Act: the session resumes; the broker delivers its queue before anyone subscribed again.
    PahoMqttLink after = (PahoMqttLink) connect(vertx, uri, "link-resume");
    await().atMost(Duration.ofSeconds(10)).until(() -> after.heldMessages() == 3);
    List<String> received = new CopyOnWriteArrayList<>();
    join(
        after.subscribe(
            "fl/t/device/+/update",
            m -> received.add(new String(m.payload(), StandardCharsets.UTF_8))));

    // Assert: none of the acknowledged messages was dropped, and their order is kept.
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
    assertThat(received).containsExactly("u0", "u1", "u2");
    assertThat(after.heldMessages()).isZero();
    join(after.close());
    join(sender.close());
  }

  @Test
  void deferredAck_isRedeliveredByTheBroker_whenTheLinkDiesBeforeSendingIt(Vertx vertx)
      throws Exception {
    // Arrange: a handler that keeps the acknowledgement of the first delivery (a crash before the
    // receipt is written), behind a proxy that can cut the connection.
    List<String> received = new CopyOnWriteArrayList<>();
    try (KillableProxy proxy = new KillableProxy(port)) {
      MqttLink link = connect(vertx, URI.create(proxy.uri()), "link-c");
      MqttLink sender = connect(vertx, URI.create("tcp://127.0.0.1:" + port), "sender-c");
      join(
          link.subscribe(
              "fl/t/device/+/update",
              m -> {
                Runnable ack = m.ack().defer();
                received.add(new String(m.payload(), StandardCharsets.UTF_8));
                if (received.size() > 1) {
                  ack.run();
                }
              }));
      join(sender.publish("fl/t/device/d-1/update", bytes("u1"), false));
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

      // Act
      proxy.killAll();

      // Assert: the session resumes and the unacknowledged update comes again.
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 2);
      assertThat(received).containsOnly("u1");
      join(link.close());
      join(sender.close());
    }
  }

  @Test
  void publishesBeyondTheBrokersReceiveMaximum_waitInsteadOfFailing(Vertx vertx) throws Exception {
    // Arrange: HiveMQ CE lets a client have 10 QoS 1 publishes unacknowledged; a stalled link
    // keeps the first 10 unacknowledged.
    try (KillableProxy proxy = new KillableProxy(port)) {
      MqttLink link = connect(vertx, URI.create(proxy.uri()), "link-burst");
      MqttLink watcher = connect(vertx, URI.create("tcp://127.0.0.1:" + port), "watcher-burst");
      List<String> received = new CopyOnWriteArrayList<>();
      join(watcher.subscribe("fl/t/device/+/task", m -> received.add(m.topic())));
      proxy.pause();
      long before = proxy.bytesFromClients();
      List<io.vertx.core.Future<Void>> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        sent.add(link.publish("fl/t/device/d-" + i + "/task", bytes("task"), false, 60));
      }
      // Each PUBLISH here is over 30 bytes: once 300 have left the client, all 10 are in flight.
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.bytesFromClients() - before > 300);

      // Act: what opening a round for 40 more devices does.
      for (int i = 10; i < 50; i++) {
        sent.add(link.publish("fl/t/device/d-" + i + "/task", bytes("task"), false, 60));
      }
      proxy.resume();

      // Assert: none failed with "Too many publishes in progress"; all arrived once.
      join(io.vertx.core.Future.all(sent));
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 50);
      assertThat(received).doesNotHaveDuplicates();
      join(link.close());
      join(watcher.close());
    }
  }

  private static final String WILL_TOPIC = "fl/t/coordinator/status";
  private static final String WILL_TEXT = "offline";

  private static MqttLink connect(Vertx vertx, URI uri, String clientId) throws Exception {
    LinkSettings settings =
        new LinkSettings(uri, clientId, Optional.empty(), "", WILL_TOPIC, bytes(WILL_TEXT));
    return join(PahoMqttLink.connect(vertx, settings));
  }

  private static <T> T join(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
