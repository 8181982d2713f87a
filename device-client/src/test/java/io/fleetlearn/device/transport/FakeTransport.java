package io.fleetlearn.device.transport;

import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import java.util.function.Consumer;

/** A scripted transport: each connect takes the next outcome; a test can drop the connection. */
final class FakeTransport implements Transport {
  /** Connect outcomes: {@code true}/{@code false} = session present, {@code null} = refused. */
  final Deque<Boolean> outcomes = new LinkedList<>(); // LinkedList: null means refused

  final List<String> subscribed = new ArrayList<>();
  final List<String> routed = new ArrayList<>();
  final List<Consumer<TransportException>> allLost = new ArrayList<>();
  int connects;
  boolean closed;
  private Consumer<TransportException> onLost;

  @Override
  public boolean connect(OutgoingMessage will, Consumer<TransportException> lost) {
    connects++;
    Boolean next = outcomes.poll();
    if (next == null) {
      throw new TransportException("connect", 0x88, "scripted", null);
    }
    onLost = lost;
    allLost.add(lost);
    return next;
  }

  /** Simulates a lost connection. */
  void drop() {
    Consumer<TransportException> lost = onLost;
    onLost = null;
    lost.accept(new TransportException("connection", 32109, "scripted drop", null));
  }

  final List<OutgoingMessage> published = new ArrayList<>();
  int publishesBeforeFailure = Integer.MAX_VALUE;

  @Override
  public void publish(OutgoingMessage message) {
    if (published.size() >= publishesBeforeFailure) {
      throw new TransportException("publish", 32104, "scripted: not connected", null);
    }
    published.add(message);
  }

  @Override
  public void subscribe(String topicFilter, int qos, MessageHandler handler) {
    subscribed.add(topicFilter);
  }

  @Override
  public void route(String topicFilter, MessageHandler handler) {
    routed.add(topicFilter);
  }

  @Override
  public void close() {
    closed = true;
  }
}
