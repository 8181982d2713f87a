package io.fleetlearn.simulator.device;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** An embedded HiveMQ CE broker on a free loopback port, no authentication, in-memory state. */
final class LocalBroker implements AutoCloseable {
  private final int port;
  private final EmbeddedHiveMQ hivemq;

  LocalBroker(Path folder) throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path conf = Files.createDirectories(folder.resolve("conf"));
    Files.writeString(
        conf.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
          </listeners>
          <persistence><mode>in-memory</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port));
    hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Files.createDirectories(folder.resolve("data")))
            .withExtensionsFolder(Files.createDirectories(folder.resolve("extensions")))
            .withoutLoggingBootstrap()
            .build();
    hivemq.start().join();
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws java.util.concurrent.ExecutionException {
    try {
      hivemq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
