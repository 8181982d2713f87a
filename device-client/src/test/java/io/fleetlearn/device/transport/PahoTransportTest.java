package io.fleetlearn.device.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.testsupport.mqtt.HiveMqBroker;
import io.fleetlearn.testsupport.net.KillableProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PahoTransportTest {
  private static final Topics TOPICS = Topics.of("test");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static final String PASSWORD = "test-only";

  @TempDir static Path folder;
  private static HiveMqBroker broker;
  private static Path caFile;

  /** One broker for the class, with a TLS listener whose self-signed certificate is in caFile. */
  @BeforeAll
  static void startBroker() throws Exception {
    Path keystore = folder.resolve("broker.jks");
    caFile = folder.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "JKS",
        "-keystore",
        keystore.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        caFile.toString());
    broker = HiveMqBroker.withTls(folder.resolve("broker"), keystore, PASSWORD).start();
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  private static PahoTransport client(String uri, String id) {
    return new PahoTransport(PahoSettings.of(uri, id).withTimeout(Duration.ofSeconds(5)));
  }

  private static OutgoingMessage offline(String id) {
    return OutgoingMessage.retained(TOPICS.status(id), "offline".getBytes(UTF_8));
  }

  @Test
  void aTwoMegabyteBinaryUpdateMakesTheRoundTripAtQos1() {
    byte[] frame = new byte[2 * 1024 * 1024];
    new Random(7).nextBytes(frame);
    AtomicReference<byte[]> got = new AtomicReference<>();
    try (PahoTransport coordinator = client(broker.uri(), "coord-rt");
        PahoTransport device = client(broker.uri(), "dev-rt")) {
      coordinator.connect(offline("coord-rt"), e -> {});
      coordinator.subscribe(TOPICS.allUpdates(), 1, (topic, payload) -> got.set(payload));
      device.connect(offline("dev-rt"), e -> {});
      device.publish(OutgoingMessage.of(TOPICS.update("dev-rt"), frame));
      await().atMost(WAIT).untilAsserted(() -> assertThat(got.get()).isEqualTo(frame));
    }
  }

  @Test
  void theWillIsPublishedWhenTheConnectionDiesWithoutDisconnect() throws IOException {
    AtomicReference<String> status = new AtomicReference<>();
    AtomicReference<TransportException> lost = new AtomicReference<>();
    try (KillableProxy proxy = new KillableProxy(broker.port());
        PahoTransport watcher = client(broker.uri(), "coord-will");
        PahoTransport device = client(proxy.uri(), "dev-will")) {
      watcher.connect(offline("coord-will"), e -> {});
      watcher.subscribe(TOPICS.status("dev-will"), 1, (t, p) -> status.set(new String(p, UTF_8)));
      device.connect(offline("dev-will"), lost::set);
      device.publish(OutgoingMessage.retained(TOPICS.status("dev-will"), "online".getBytes(UTF_8)));
      await().atMost(WAIT).untilAsserted(() -> assertThat(status.get()).isEqualTo("online"));

      proxy.killAll();

      await().atMost(WAIT).untilAsserted(() -> assertThat(status.get()).isEqualTo("offline"));
      await().atMost(WAIT).untilAsserted(() -> assertThat(lost.get()).isNotNull());
    }
  }

  @Test
  void aTaskSentWhileTheDeviceIsOfflineArrivesWhenItReconnects() {
    String id = "dev-offline";
    try (PahoTransport coordinator = client(broker.uri(), "coord-offline")) {
      coordinator.connect(offline("coord-offline"), e -> {});
      try (PahoTransport device = client(broker.uri(), id)) {
        assertThat(device.connect(offline(id), e -> {})).isFalse();
        device.subscribe(TOPICS.task(id), 1, (t, p) -> {});
      } // clean disconnect: the session stays for its expiry

      coordinator.publish(
          OutgoingMessage.of(TOPICS.task(id), "round 3".getBytes(UTF_8))
              .withExpiry(Duration.ofMinutes(5)));

      AtomicReference<String> task = new AtomicReference<>();
      try (PahoTransport restarted = client(broker.uri(), id)) {
        restarted.route(TOPICS.task(id), (t, p) -> task.set(new String(p, UTF_8)));
        assertThat(restarted.connect(offline(id), e -> {})).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(task.get()).isEqualTo("round 3"));
      }
    }
  }

  @Test
  void aRefusedConnectionIsATransportExceptionWithPahosCode() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (PahoTransport device = client("tcp://127.0.0.1:" + closedPort, "dev-refused")) {
      assertThatThrownBy(() -> device.connect(offline("dev-refused"), e -> {}))
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> {
                assertThat(e.reasonCode()).isEqualTo(32103); // Paho: unable to connect to server
                assertThat(e.getMessage()).contains("connect to tcp://127.0.0.1:" + closedPort);
              });
    }
  }

  @Test
  void aDeviceTrustingTheBrokersCaFileConnectsOverTls() {
    PahoSettings settings =
        PahoSettings.of("ssl://127.0.0.1:" + broker.tlsPort(), "dev-tls")
            .withTimeout(Duration.ofSeconds(5))
            .withCredentials("dev-tls", "secret".getBytes(UTF_8))
            .withTls(TlsSettings.caFile(caFile));
    AtomicReference<String> echo = new AtomicReference<>();
    try (PahoTransport device = new PahoTransport(settings)) {
      device.connect(offline("dev-tls"), e -> {});
      device.subscribe(TOPICS.task("dev-tls"), 1, (t, p) -> echo.set(new String(p, UTF_8)));
      device.publish(OutgoingMessage.of(TOPICS.task("dev-tls"), "over tls".getBytes(UTF_8)));
      await().atMost(WAIT).untilAsserted(() -> assertThat(echo.get()).isEqualTo("over tls"));
    }
  }

  @Test
  void aDeviceThatDoesNotTrustTheBrokerFailsTheHandshake() throws Exception {
    // The JDK's public CAs: valid trust settings that do not include our self-signed broker.
    Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    String type = KeyStore.getInstance(cacerts.toFile(), "changeit".toCharArray()).getType();
    PahoSettings settings =
        PahoSettings.of("ssl://127.0.0.1:" + broker.tlsPort(), "dev-untrusting")
            .withTimeout(Duration.ofSeconds(5))
            .withTls(TlsSettings.trustStore(cacerts, "changeit".toCharArray(), type));
    try (PahoTransport device = new PahoTransport(settings)) {
      assertThatThrownBy(() -> device.connect(offline("dev-untrusting"), e -> {}))
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> assertThat(e.reasonCode()).isNotEqualTo(TransportException.CLIENT_ERROR));
    }
  }

  @Test
  void aCaFileWithoutCertificatesIsRefusedNamingTheFile() throws IOException {
    Path empty = Files.writeString(folder.resolve("empty.pem"), "");
    assertThatThrownBy(() -> TlsSettings.caFile(empty).socketFactory())
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("empty.pem");
  }

  @Test
  void topicFiltersMatchLikeMqtt() {
    assertThat(PahoTransport.matches("fl/f/device/+/update", "fl/f/device/d1/update")).isTrue();
    assertThat(PahoTransport.matches("fl/f/device/+/update", "fl/f/device/d1/x/update")).isFalse();
    assertThat(PahoTransport.matches("fl/f/model/#", "fl/f/model/3/full")).isTrue();
    assertThat(PahoTransport.matches("fl/f/model/#", "fl/f/model")).isTrue();
    assertThat(PahoTransport.matches("fl/f/a", "fl/f/a/b")).isFalse();
    assertThat(PahoTransport.matches("#", "$SYS/x")).isFalse();
  }
}
