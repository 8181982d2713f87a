package io.fleetlearn.simulator.bus;

import io.fleetlearn.coordinator.mqtt.Ack;
import io.fleetlearn.coordinator.mqtt.Dispatcher;
import io.fleetlearn.coordinator.mqtt.InboundMessage;
import io.fleetlearn.coordinator.mqtt.LinkSettings;
import io.fleetlearn.coordinator.mqtt.MqttLink;
import io.fleetlearn.coordinator.mqtt.MqttLinkException;
import io.fleetlearn.coordinator.mqtt.MqttLinkFactory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's {@link MqttLink} on the {@link LocalBroker}, as {@code PahoMqttLink} behaves: a
 * persistent session ({@code cleanStart=false}, one hour), its will on the coordinator status
 * topic, messages handed over through the coordinator's own {@link Dispatcher} (on the link's
 * context, held while no handler matches yet) with manual acknowledgements (an update is acked once
 * its receipt is on disk, and redelivered on the next connection if it never is), every future
 * completed on the context that opened the link. A lost connection is made again after a second,
 * subscribing again and restating what it last said on the will topic.
 */
public final class LocalCoordinatorLink implements MqttLink {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCoordinatorLink.class);
  private static final long SESSION_EXPIRY_SECONDS = 3600;
  private static final long RECONNECT_MILLIS = 1000;

  private final Vertx vertx;
  private final Context context;
  private final LocalBroker broker;
  private final LinkSettings settings;
  private final Dispatcher dispatcher;
  private volatile BusConnection connection;
  private volatile boolean closing;
  // Read and written on the link's context.
  private byte[] lastOnWillTopic;

  private LocalCoordinatorLink(Vertx vertx, LocalBroker broker, LinkSettings settings) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.broker = broker;
    this.settings = settings;
    this.dispatcher = new Dispatcher(context);
  }

  /** Links on {@code broker}, for {@code CoordinatorVerticle(MqttLinkFactory)}. */
  public static MqttLinkFactory factory(LocalBroker broker) {
    return (vertx, settings) -> connect(vertx, broker, settings);
  }

  /** Connects to the bus; fails if it is closed. */
  public static Future<MqttLink> connect(Vertx vertx, LocalBroker broker, LinkSettings settings) {
    LocalCoordinatorLink link = new LocalCoordinatorLink(vertx, broker, settings);
    return link.completeOnContext(link::connectOnce).map(v -> link);
  }

  private void connectOnce() {
    ConnectOptions options =
        new ConnectOptions(
            settings.clientId(),
            settings.username().orElse(settings.clientId()),
            false,
            SESSION_EXPIRY_SECONDS,
            Optional.of(new BusMessage(settings.willTopic(), settings.willPayload(), 1, true, 0)),
            0);
    BusConnection c = broker.connect(options, new LinkReceiver());
    connection = c;
    for (String filter : dispatcher.filters()) {
      c.subscribe(filter, 1);
    }
  }

  @Override
  public Future<Void> publish(String topic, byte[] payload, boolean retained) {
    if (retained && topic.equals(settings.willTopic())) {
      lastOnWillTopic = payload.clone();
    }
    return send(new BusMessage(topic, payload, 1, retained, 0));
  }

  @Override
  public Future<Void> publish(String topic, byte[] payload, boolean retained, long expirySeconds) {
    if (expirySeconds < 1) {
      throw new IllegalArgumentException("expirySeconds (" + expirySeconds + ") must be >= 1");
    }
    return send(new BusMessage(topic, payload, 1, retained, expirySeconds));
  }

  private Future<Void> send(BusMessage m) {
    return completeOnContext(() -> current("publish to " + m.topic()).publish(m));
  }

  @Override
  public Future<Void> subscribe(String filter, Consumer<InboundMessage> handler) {
    dispatcher.register(filter, handler);
    return completeOnContext(() -> current("subscribe to " + filter).subscribe(filter, 1));
  }

  @Override
  public boolean isConnected() {
    BusConnection c = connection;
    return c != null && c.isOpen();
  }

  @Override
  public Future<Void> close() {
    closing = true;
    BusConnection c = connection;
    return completeOnContext(
        () -> {
          if (c != null) {
            c.disconnect();
          }
        });
  }

  private BusConnection current(String op) {
    BusConnection c = connection;
    if (c == null) {
      throw new BusException(BusException.NOT_CONNECTED, op + ": not connected");
    }
    return c;
  }

  /** Runs a bus operation now and completes the future on the link's context, as Paho's do. */
  private Future<Void> completeOnContext(Runnable op) {
    Promise<Void> promise = Promise.promise();
    try {
      op.run();
      context.runOnContext(v -> promise.tryComplete());
    } catch (BusException e) {
      MqttLinkException failure =
          new MqttLinkException(e.getMessage() + " (reason code " + e.reasonCode() + ")", e);
      context.runOnContext(v -> promise.tryFail(failure));
    }
    return promise.future();
  }

  private void reconnectLater() {
    if (closing) {
      return;
    }
    vertx.setTimer(
        RECONNECT_MILLIS,
        id ->
            completeOnContext(this::connectOnce)
                .onSuccess(
                    v -> {
                      LOG.info("reconnected to the in-process bus");
                      // The lost connection made the bus publish our will ("offline").
                      if (lastOnWillTopic != null) {
                        publish(settings.willTopic(), lastOnWillTopic, true);
                      }
                    })
                .onFailure(
                    e -> {
                      LOG.warn("reconnect to the bus failed, trying again: {}", e.getMessage());
                      reconnectLater();
                    }));
  }

  private final class LinkReceiver implements Receiver {
    @Override
    public void message(Delivery d) {
      dispatcher.dispatch(
          new InboundMessage(d.topic(), d.payload(), d.retained(), Ack.of(d.ack())));
    }

    @Override
    public void lost(BusException reason) {
      if (!closing) {
        LOG.warn("lost the in-process bus connection: {}", reason.getMessage());
        context.runOnContext(v -> reconnectLater());
      }
    }
  }
}
