package io.fleetlearn.device.client;

import io.fleetlearn.device.probe.LinkMeter;
import io.fleetlearn.device.transport.Outbox;
import io.fleetlearn.device.transport.OutboxEntry;
import io.fleetlearn.device.transport.OutgoingMessage;
import io.fleetlearn.device.transport.PahoTransport;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.device.transport.TransportException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends update frames at QoS 1, measuring the link on the way; an update that cannot go now (the
 * device is offline, or the publish failed) waits in the {@link Outbox} and goes out on the next
 * connect while its round is open.
 */
final class UpdateSender {
  private static final Logger LOG = LoggerFactory.getLogger(UpdateSender.class);

  private final Transport transport;
  private final Outbox outbox;
  private final LinkMeter link;
  private final ClientState state;
  private final BooleanSupplier connected;
  private final Executor flusher;

  UpdateSender(
      Transport transport,
      Outbox outbox,
      LinkMeter link,
      ClientState state,
      BooleanSupplier connected,
      Executor flusher) {
    this.transport = transport;
    this.outbox = outbox;
    this.link = link;
    this.state = state;
    this.connected = connected;
    this.flusher = flusher;
  }

  /** Publishes the update, or stores it; returns whether it was sent now. */
  boolean send(String topic, RoundRunner.Update update) {
    if (connected.getAsBoolean()) {
      try {
        long t0 = System.nanoTime();
        transport.publish(OutgoingMessage.of(topic, update.frame()));
        link.record(update.frame().length, System.nanoTime() - t0);
        LOG.info("round {}: update of {} bytes sent", update.round(), update.frame().length);
        return true;
      } catch (TransportException e) {
        if (e.reasonCode() == PahoTransport.PACKET_TOO_LARGE) {
          // Waiting in the outbox would not make it smaller: report it and drop it.
          LOG.error("round {}: update dropped: {}", update.round(), e.getMessage());
          state.decline(update.round(), "update too large: " + e.reason());
          return false;
        }
        LOG.warn("round {}: publish failed ({}), into the outbox", update.round(), e.reason());
      }
    }
    outbox.put(
        new OutboxEntry(
            update.round(), update.nonce(), topic, update.frame(), update.deadlineMillis()));
    LOG.info("round {}: update kept in the outbox until the next connect", update.round());
    if (connected.getAsBoolean()) {
      // Reconnected while the update was being stored: the connect's flush may have run already.
      flusher.execute(this::flush);
    }
    return false;
  }

  /** Sends what waits in the outbox whose round is still open; blocks on the publishes. */
  void flush() {
    Outbox.Flushed f =
        outbox.flush(transport, round -> state.roundOpen(round, System.currentTimeMillis()));
    if (f.sent() + f.dropped() > 0) {
      LOG.info("outbox: {} sent, {} dropped, {} left", f.sent(), f.dropped(), f.left());
    }
  }
}
