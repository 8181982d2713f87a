package io.fleetlearn.simulator.bus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One client's connection to the {@link LocalBroker}: what a client's socket would be. Its
 * operations return once the bus has done them (as once a broker's PUBACK or SUBACK came);
 * deliveries go to its {@link Receiver} on a bus thread.
 */
public final class BusConnection {
  private final LocalBroker broker;
  final Session session;
  final ConnectOptions options;
  final Receiver receiver;
  final Mailbox mailbox;
  private final boolean sessionPresent;
  // Handed to the mailbox and not acknowledged yet, by delivery id; guarded by the broker's lock.
  private final Map<Long, Session.Queued> inflight = new LinkedHashMap<>();
  private long nextId = 1;
  private volatile boolean open = true;

  BusConnection(
      LocalBroker broker,
      Session session,
      ConnectOptions options,
      Receiver receiver,
      Mailbox mailbox,
      boolean sessionPresent) {
    this.broker = broker;
    this.session = session;
    this.options = options;
    this.receiver = receiver;
    this.mailbox = mailbox;
    this.sessionPresent = sessionPresent;
  }

  /** Whether the bus still held this client id's session (CONNACK's session-present flag). */
  public boolean sessionPresent() {
    return sessionPresent;
  }

  /** Whether the connection is still up. */
  public boolean isOpen() {
    return open;
  }

  /**
   * Publishes; returns once every matching session has it (delivered or queued).
   *
   * @throws BusException when not connected, over the broker's packet size, or not allowed
   */
  public void publish(BusMessage message) {
    broker.publish(this, message);
  }

  /**
   * Subscribes (again) and is sent the retained messages the filter matches, as MQTT 5 does on
   * every SUBSCRIBE by default.
   *
   * @throws BusException when not connected, the filter is invalid, or not allowed
   */
  public void subscribe(String filter, int qos) {
    broker.subscribe(this, filter, qos);
  }

  /** Disconnects cleanly: the will is discarded, the session kept as its expiry says. */
  public void disconnect() {
    broker.end(this, false, Optional.empty());
  }

  /**
   * Ends the connection as a network loss or a power cut would: the will is published, and the
   * receiver is told the connection was lost.
   */
  public void drop() {
    broker.end(
        this, true, Optional.of(new BusException(BusException.CONNECTION_LOST, "connection lost")));
  }

  // The methods below run under the broker's lock.

  long track(Session.Queued q) {
    long id = nextId++;
    inflight.put(id, q);
    return id;
  }

  void acked(long id) {
    inflight.remove(id);
  }

  List<Session.Queued> closeAndTakeUnacked() {
    open = false;
    List<Session.Queued> unacked = List.copyOf(inflight.values());
    inflight.clear();
    return unacked;
  }

  /** Runs on the mailbox: hands one message to the receiver. */
  void deliver(Session.Queued q, long id) {
    if (!open) {
      // Ended before it was handed over: it is back in the session's queue (QoS 1) or gone.
      return;
    }
    Runnable ack = id == 0 ? () -> {} : () -> broker.acked(this, id);
    receiver.message(new Delivery(q.topic(), q.payload(), q.retained(), q.duplicate(), ack));
  }

  @Override
  public String toString() {
    return "BusConnection[" + options.clientId() + (open ? "" : ", closed") + "]";
  }
}
