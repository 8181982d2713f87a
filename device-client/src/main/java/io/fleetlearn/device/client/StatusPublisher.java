package io.fleetlearn.device.client;

import io.fleetlearn.device.probe.ResourceProbe;
import io.fleetlearn.device.transport.OutgoingMessage;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.device.transport.TransportException;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the device's retained status on {@code device/{id}/status}: online or busy with fresh
 * resources, the last decline and evaluation; or offline, as will and on a clean shutdown.
 */
final class StatusPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

  private final String topic;
  private final String deviceId;
  private final String clientVersion;
  private final Messages messages;
  private final Transport transport;
  private final ClientState state;
  private final ResourceProbe probe;
  private final BooleanSupplier connected;

  StatusPublisher(
      String topic,
      String deviceId,
      String clientVersion,
      Transport transport,
      ClientState state,
      ResourceProbe probe,
      BooleanSupplier connected) {
    this.topic = topic;
    this.deviceId = deviceId;
    this.clientVersion = clientVersion;
    this.messages = new Messages();
    this.transport = transport;
    this.state = state;
    this.probe = probe;
    this.connected = connected;
  }

  /** The status as it would be published now (probes read now). */
  DeviceStatus current() {
    return state.snapshot(probe.read(state.lastRoundSeconds()), System.currentTimeMillis());
  }

  /** Publishes the current status if connected; a failure waits for the next refresh. */
  void publish() {
    if (!connected.getAsBoolean()) {
      return;
    }
    try {
      transport.publish(OutgoingMessage.retained(topic, messages.write(current())));
    } catch (TransportException e) {
      LOG.debug("status not published: {}", e.reason());
    } catch (RuntimeException e) {
      LOG.warn("status not published", e); // e.g. a probe file went bad; try again next time
    }
  }

  /** The retained offline status: the will, and the last word of a clean shutdown. */
  OutgoingMessage offline() {
    DeviceStatus off =
        DeviceStatus.offline(
            deviceId, System.currentTimeMillis(), clientVersion, state.modelVersion());
    return OutgoingMessage.retained(topic, messages.write(off));
  }
}
