package io.fleetlearn.testsupport.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A child for {@link ChildJvmTest}: listens on the port in its first argument until killed. */
public final class ListeningMain {
  private ListeningMain() {}

  public static void main(String[] args) throws IOException {
    // Printed only on a graceful exit; a SIGKILL must leave no such line.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
    try (ServerSocket server =
        new ServerSocket(Integer.parseInt(args[0]), 5, InetAddress.getLoopbackAddress())) {
      System.out.println("listening; GREETING=" + System.getenv("GREETING"));
      System.out.flush();
      while (true) {
        try (Socket ignored = server.accept()) {
          // Accept and drop: the test only checks that the port is open.
        }
      }
    }
  }
}
