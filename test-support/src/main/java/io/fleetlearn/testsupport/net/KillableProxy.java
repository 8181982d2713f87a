package io.fleetlearn.testsupport.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between a client and the broker whose connections a test can cut abruptly (RST, no
 * DISCONNECT), as a dropped mobile link or a pulled cable would.
 */
public final class KillableProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private final AtomicLong fromClients = new AtomicLong();
  private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
  private boolean paused;

  public KillableProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port();
  }

  /** The loopback port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Resets every relayed connection at once. */
  public void killAll() {
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException ignored) {
        // Already gone is what we want.
      }
    }
    sockets.clear();
  }

  /**
   * Stops relaying in both directions, as a stalled link does: what either side sends is read and
   * held (nothing is dropped), so the client's messages leave it but stay unacknowledged.
   */
  public void pause() {
    synchronized (gate) {
      paused = true;
    }
  }

  /** Relays again, the held bytes first. */
  public void resume() {
    synchronized (gate) {
      paused = false;
      for (Pipe p : pipes) {
        p.flushHeld();
      }
    }
  }

  /** Bytes read from clients so far (counted when read, also while paused). */
  public long bytesFromClients() {
    return fromClients.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket broker = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(broker);
        start(new Pipe(client, broker, fromClients));
        start(new Pipe(broker, client, new AtomicLong()));
      } catch (IOException e) {
        // Server closed, or broker down: the client sees its connection fail.
      }
    }
  }

  private void start(Pipe pipe) {
    pipes.add(pipe);
    Thread t = new Thread(pipe::run, "proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  /** One direction of one connection. */
  private final class Pipe {
    private final Socket from;
    private final Socket to;
    private final AtomicLong counter;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    Pipe(Socket from, Socket to, AtomicLong counter) {
      this.from = from;
      this.to = to;
      this.counter = counter;
    }

    void run() {
      try (InputStream in = from.getInputStream()) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          counter.addAndGet(n);
          synchronized (gate) {
            held.write(buffer, 0, n);
            if (!paused) {
              flushHeld();
            }
          }
        }
      } catch (IOException ignored) {
        // One side closed.
      } finally {
        pipes.remove(this);
        try {
          to.close();
        } catch (IOException ignored) {
          // Nothing to do.
        }
      }
    }

    /** Called holding the gate. */
    void flushHeld() {
      try {
        to.getOutputStream().write(held.toByteArray());
        to.getOutputStream().flush();
      } catch (IOException e) {
        // The other side is gone; its pipe ends the connection.
      }
      held.reset();
    }
  }

  @Override
  public void close() throws IOException {
    resume();
    server.close();
    killAll();
  }
}
