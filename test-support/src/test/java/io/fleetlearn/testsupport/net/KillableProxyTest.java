package io.fleetlearn.testsupport.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class KillableProxyTest {
  @Test
  void proxy_relaysBytesBothWays_untilKillAllResetsTheConnection() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        KillableProxy proxy = new KillableProxy(echo.getLocalPort())) {
      Thread server = new Thread(() -> echoOnce(echo), "echo");
      server.setDaemon(true);
      server.start();

      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        OutputStream out = client.getOutputStream();
        InputStream in = client.getInputStream();
        out.write(new byte[] {1, 2, 3});
        out.flush();
        assertThat(in.readNBytes(3)).containsExactly(1, 2, 3);

        proxy.killAll();

        // A reset (or end of stream) instead of an echo: the link is gone, not just quiet.
        assertThatThrownBy(
                () -> {
                  out.write(new byte[] {4});
                  out.flush();
                  if (in.read() < 0) {
                    throw new IOException("end of stream");
                  }
                })
            .isInstanceOf(IOException.class);
      }
    }
  }

  private static void echoOnce(ServerSocket server) {
    try (Socket s = server.accept()) {
      s.getInputStream().transferTo(s.getOutputStream());
    } catch (IOException ignored) {
      // The proxy cut us off: expected.
    }
  }
}
