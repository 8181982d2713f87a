package io.fleetlearn.simulator.bus;

/**
 * The client side of a bus connection. Both methods run on a bus thread, one call at a time per
 * connection and in order, never on the publisher's thread; they must not block.
 */
public interface Receiver {
  /** A message matching one of the session's subscriptions. */
  void message(Delivery delivery);

  /** The bus ended this connection (a takeover, a simulated network loss, shutdown). */
  void lost(BusException reason);
}
