package io.fleetlearn.coordinator.mqtt;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The QoS 1 acknowledgement of one received message. The link sends it once the handler has
 * returned, unless the handler {@link #defer}s it: then the handler sends it when it is done with
 * the message, e.g. after the update's receipt is on disk, so that the broker redelivers an update
 * the coordinator crashed on (with a persistent session on an external broker).
 */
public final class Ack {
  private static final Ack NONE = new Ack(() -> {});

  private final Runnable send;
  private final AtomicBoolean sent = new AtomicBoolean();
  private volatile boolean deferred;

  Ack(Runnable send) {
    this.send = send;
  }

  /**
   * The acknowledgement of a message that {@code send} acknowledges, at most once: for {@link
   * MqttLink}s other than Paho's (the simulator's in-process one).
   */
  public static Ack of(Runnable send) {
    return new Ack(java.util.Objects.requireNonNull(send, "send"));
  }

  /** An acknowledgement that sends nothing (retained deliveries, tests). */
  public static Ack none() {
    return NONE;
  }

  /** Takes over the acknowledgement; the returned action sends it (at most once). */
  public Runnable defer() {
    deferred = true;
    return this::send;
  }

  /** Sends it now unless a handler deferred it. */
  void afterHandlers() {
    if (!deferred) {
      send();
    }
  }

  private void send() {
    if (sent.compareAndSet(false, true)) {
      send.run();
    }
  }
}
