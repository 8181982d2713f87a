package io.fleetlearn.simulator.bus;

import io.fleetlearn.device.transport.MessageHandler;
import io.fleetlearn.device.transport.OutgoingMessage;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.device.transport.TransportException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's {@link Transport} on the {@link LocalBroker}, with the contract {@code
 * PahoTransport} keeps: {@code cleanStart=false} with a session expiry, session-present from the
 * bus, handlers routed by our own filter matching (kept across connections, so a resumed session's
 * queued task finds its handler), QoS 1 acknowledged once the handlers returned, a publish over the
 * broker's Maximum Packet Size refused with 0x95 before it is sent, failures as {@link
 * TransportException}s with the same reason codes.
 */
public final class LocalDeviceTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(LocalDeviceTransport.class);

  private final LocalBroker broker;
  private final String clientId;
  private final Duration sessionExpiry;
  private final long maximumPacketSize;
  private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
  private final AtomicReference<BusConnection> connection = new AtomicReference<>();

  /**
   * @param clientId the client id and the user name the topic rules see (the device id)
   * @param sessionExpiry how long the bus keeps the session while the device is away
   * @param maximumPacketSize the largest message the device accepts, 0 for any
   */
  public LocalDeviceTransport(
      LocalBroker broker, String clientId, Duration sessionExpiry, long maximumPacketSize) {
    this.broker = broker;
    this.clientId = clientId;
    this.sessionExpiry = sessionExpiry;
    this.maximumPacketSize = maximumPacketSize;
  }

  @Override
  public boolean connect(OutgoingMessage will, Consumer<TransportException> onLost) {
    ConnectOptions options =
        new ConnectOptions(
            clientId,
            clientId,
            false,
            sessionExpiry.getSeconds(),
            Optional.of(toBus(will)),
            maximumPacketSize);
    try {
      BusConnection c = broker.connect(options, new DeviceReceiver(onLost));
      connection.set(c);
      return c.sessionPresent();
    } catch (BusException e) {
      throw failure("connect to the in-process bus", e);
    }
  }

  @Override
  public void publish(OutgoingMessage message) {
    BusConnection c = connection.get();
    String op = "publish to " + message.topic();
    if (c == null) {
      throw new TransportException(op, BusException.NOT_CONNECTED, "not connected", null);
    }
    try {
      c.publish(toBus(message));
    } catch (BusException e) {
      throw failure(op, e);
    }
  }

  @Override
  public void subscribe(String topicFilter, int qos, MessageHandler handler) {
    // Registered first: a retained message comes as soon as the bus has the subscription.
    handlers.put(topicFilter, handler);
    BusConnection c = connection.get();
    try {
      if (c == null) {
        throw new BusException(BusException.NOT_CONNECTED, "not connected");
      }
      c.subscribe(topicFilter, qos);
    } catch (BusException e) {
      handlers.remove(topicFilter);
      throw failure("subscribe to " + topicFilter, e);
    }
  }

  @Override
  public void route(String topicFilter, MessageHandler handler) {
    handlers.put(topicFilter, handler);
  }

  /** Ends the connection as a power cut would: the bus publishes the will and keeps the session. */
  public void crash() {
    BusConnection c = connection.getAndSet(null);
    if (c != null) {
      c.drop();
    }
  }

  @Override
  public void close() {
    BusConnection c = connection.getAndSet(null);
    if (c != null) {
      c.disconnect();
    }
  }

  private static BusMessage toBus(OutgoingMessage m) {
    return new BusMessage(
        m.topic(),
        m.payload(),
        m.qos(),
        m.retained(),
        m.expiry().map(Duration::getSeconds).orElse(0L));
  }

  private static TransportException failure(String op, BusException e) {
    return new TransportException(op, e.reasonCode(), e.getMessage(), e);
  }

  /** One connection's receiver: its lost-callback is told once, and only about itself. */
  private final class DeviceReceiver implements Receiver {
    private final AtomicReference<Consumer<TransportException>> onLost;

    DeviceReceiver(Consumer<TransportException> onLost) {
      this.onLost = new AtomicReference<>(onLost);
    }

    @Override
    public void message(Delivery d) {
      boolean handled = false;
      for (Map.Entry<String, MessageHandler> h : handlers.entrySet()) {
        if (TopicNames.matches(h.getKey(), d.topic())) {
          handled = true;
          try {
            h.getValue().onMessage(d.topic(), d.payload());
          } catch (RuntimeException e) {
            LOG.error("handler for {} failed on {}", h.getKey(), d.topic(), e);
          }
        }
      }
      if (!handled) {
        LOG.debug("message on {} matched no handler", d.topic());
      }
      // As Paho: the PUBACK goes once the callback returned.
      d.ack().run();
    }

    @Override
    public void lost(BusException reason) {
      Consumer<TransportException> lost = onLost.getAndSet(null);
      if (lost != null) {
        lost.accept(failure("connection", reason));
      }
    }
  }
}
