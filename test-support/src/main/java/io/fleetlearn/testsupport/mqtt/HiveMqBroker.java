package io.fleetlearn.testsupport.mqtt;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.fleetlearn.testsupport.net.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/**
 * An embedded HiveMQ CE broker on a free loopback port, no authentication, in-memory state; it can
 * be stopped and started again on the same port.
 */
public final class HiveMqBroker implements AutoCloseable {
  private final Path folder;
  private final int port;
  private EmbeddedHiveMQ hivemq;

  /** A broker that is not started yet (see {@link #start}). */
  public HiveMqBroker(Path folder) throws IOException {
    this(folder, "");
  }

  /**
   * A broker with a TLS listener as well, on {@link #tlsPort()}.
   *
   * @param keystore a JKS key store holding the broker's key and certificate
   */
  public static HiveMqBroker withTls(Path folder, Path keystore, String password)
      throws IOException {
    int tls = FreePorts.next();
    String listener =
        """
        <tls-tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address>
          <tls><keystore><path>%s</path><password>%s</password>
            <private-key-password>%s</private-key-password></keystore></tls>
        </tls-tcp-listener>
        """
            .formatted(tls, keystore.toAbsolutePath(), password, password);
    HiveMqBroker broker = new HiveMqBroker(folder, listener);
    broker.tlsPort = tls;
    return broker;
  }

  /** A broker that announces {@code bytes} as its Maximum Packet Size in CONNACK. */
  public static HiveMqBroker withMaxPacketSize(Path folder, int bytes) throws IOException {
    return new HiveMqBroker(
        folder,
        "",
        "<mqtt><packets><max-packet-size>%d</max-packet-size></packets></mqtt>".formatted(bytes));
  }

  private int tlsPort;

  private HiveMqBroker(Path folder, String extraListener) throws IOException {
    this(folder, extraListener, "");
  }

  private HiveMqBroker(Path folder, String extraListener, String extraConfig) throws IOException {
    this.folder = folder;
    this.port = FreePorts.next();
    Path conf = Files.createDirectories(folder.resolve("conf"));
    Files.writeString(
        conf.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
            %s
          </listeners>
          <persistence><mode>in-memory</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
          %s
        </hivemq>
        """
            .formatted(port, extraListener, extraConfig));
    Files.createDirectories(folder.resolve("data"));
    Files.createDirectories(folder.resolve("extensions"));
  }

  /** Starts (or starts again, on the same port) a fresh broker: in-memory state starts empty. */
  public HiveMqBroker start() {
    hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(folder.resolve("conf"))
            .withDataFolder(folder.resolve("data"))
            .withExtensionsFolder(folder.resolve("extensions"))
            .withoutLoggingBootstrap()
            .build();
    hivemq.start().join();
    return this;
  }

  public void stop() throws ExecutionException {
    if (hivemq != null) {
      try {
        hivemq.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping the broker", e);
      }
      hivemq = null;
    }
  }

  public int tlsPort() {
    return tlsPort;
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws ExecutionException {
    stop();
  }
}
