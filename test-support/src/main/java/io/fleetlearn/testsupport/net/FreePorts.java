package io.fleetlearn.testsupport.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * Ports on the loopback interface: a free one to hand to a server, and waiting for it to listen.
 */
public final class FreePorts {
  private FreePorts() {}

  /**
   * A port nobody listens on right now. Another process may take it before the caller binds it; the
   * window is short and a test that loses the race fails loudly at bind time.
   */
  public static int next() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Whether something accepts TCP connections on {@code 127.0.0.1:port} now. */
  public static boolean isListening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits until {@code 127.0.0.1:port} accepts connections.
   *
   * @throws org.awaitility.core.ConditionTimeoutException naming the port after {@code timeout}
   */
  public static void awaitListening(int port, Duration timeout) {
    Awaitility.await("a listener on 127.0.0.1:" + port)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> isListening(port));
  }

  /** Waits until nothing accepts connections on {@code 127.0.0.1:port} any more. */
  public static void awaitClosed(int port, Duration timeout) {
    Awaitility.await("127.0.0.1:" + port + " to stop listening")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !isListening(port));
  }
}
