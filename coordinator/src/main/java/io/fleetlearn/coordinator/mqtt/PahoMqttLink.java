package io.fleetlearn.coordinator.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttLink} on Paho's asynchronous MQTT 5 client. Paho's own threads do the I/O; every
 * result is handed back to the creating Vert.x context with {@code runOnContext}.
 *
 * <p>Paho's automatic reconnect is off (its delay is one static value for every client in the JVM,
 * without jitter): on a lost connection this link reconnects itself with jittered exponential
 * back-off, 1 s doubling to 30 s, and subscribes again. The session is persistent ({@code
 * cleanStart=false}, one hour expiry) so updates published while we were away wait for us. Messages
 * are dispatched by our own filter matching from Paho's one callback, since several of its
 * per-subscription listener paths are broken in 1.2.5.
 */
public final class PahoMqttLink implements MqttLink {
  private static final Logger LOG = LoggerFactory.getLogger(PahoMqttLink.class);
  private static final long MAX_BACKOFF_MS = 30_000;

  private final Vertx vertx;
  private final Context context;
  private final LinkSettings settings;
  private final MqttAsyncClient client;
  private final Dispatcher dispatcher;
  // Written and read on the link's context only.
  private byte[] lastOnWillTopic;

  /** Bumped per connect: a message id is only meaningful on the connection it came on. */
  private final AtomicLong connection = new AtomicLong();

  private volatile boolean closing;
  private final PublishQueue queue;
  private long backoffMs = 1000;

  private PahoMqttLink(Vertx vertx, LinkSettings settings) throws MqttException {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.queue = new PublishQueue(context);
    this.dispatcher = new Dispatcher(context);
    this.client =
        new MqttAsyncClient(
            settings.uri().toString(), settings.clientId(), new MemoryPersistence());
    client.setCallback(new Callback());
    // A message is acknowledged when its handler is done with it (see Ack), not on arrival.
    client.setManualAcks(true);
  }

  /** Connects; fails if the broker is unreachable or refuses the credentials. */
  public static Future<MqttLink> connect(Vertx vertx, LinkSettings settings) {
    PahoMqttLink link;
    try {
      link = new PahoMqttLink(vertx, settings);
    } catch (MqttException e) {
      return Future.failedFuture(failure("create an MQTT client for " + settings.uri(), e));
    }
    return link.connectOnce().map(link);
  }

  private Future<Void> connectOnce() {
    connection.incrementAndGet();
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(3600L);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(10);
    settings.username().ifPresent(options::setUserName);
    settings
        .username()
        .ifPresent(u -> options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8)));
    MqttMessage will = new MqttMessage(settings.willPayload(), 1, true, new MqttProperties());
    options.setWill(settings.willTopic(), will);
    return track(
            "connect to " + settings.uri(), listener -> client.connect(options, null, listener))
        .compose(v -> resubscribe());
  }

  @Override
  public Future<Void> publish(String topic, byte[] payload, boolean retained) {
    if (retained && topic.equals(settings.willTopic())) {
      lastOnWillTopic = payload.clone();
    }
    return queued(topic, new MqttMessage(payload, 1, retained, new MqttProperties()));
  }

  @Override
  public Future<Void> publish(String topic, byte[] payload, boolean retained, long expirySeconds) {
    if (expirySeconds < 1) {
      throw new IllegalArgumentException("expirySeconds (" + expirySeconds + ") must be >= 1");
    }
    MqttProperties properties = new MqttProperties();
    properties.setMessageExpiryInterval(expirySeconds);
    return queued(topic, new MqttMessage(payload, 1, retained, properties));
  }

  private Future<Void> queued(String topic, MqttMessage message) {
    return queue.submit(
        () -> track("publish to " + topic, l -> client.publish(topic, message, null, l)));
  }

  @Override
  public Future<Void> subscribe(String filter, Consumer<InboundMessage> handler) {
    dispatcher.register(filter, handler);
    return subscribeOne(filter);
  }

  private Future<Void> subscribeOne(String filter) {
    return track(
        "subscribe to " + filter,
        l ->
            client.subscribe(
                new MqttSubscription[] {new MqttSubscription(filter, 1)},
                null,
                l,
                new MqttProperties()));
  }

  private Future<Void> resubscribe() {
    return Future.all(dispatcher.filters().stream().map(this::subscribeOne).toList()).mapEmpty();
  }

  /** Messages waiting for a handler (see {@link Dispatcher}). */
  int heldMessages() {
    return dispatcher.heldCount();
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public Future<Void> close() {
    closing = true;
    Future<Void> disconnected =
        client.isConnected()
            ? track("disconnect", l -> client.disconnect(5_000, null, l, 0, new MqttProperties()))
            : Future.succeededFuture();
    return disconnected
        .recover(e -> Future.succeededFuture())
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      // close() joins Paho's threads, so it blocks.
                      client.close(true);
                      return null;
                    }));
  }

  /** Runs a Paho call and completes the returned future on our context when its token does. */
  private Future<Void> track(String what, PahoCall call) {
    Promise<Void> promise = Promise.promise();
    MqttActionListener listener =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            context.runOnContext(v -> promise.tryComplete());
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            context.runOnContext(v -> promise.tryFail(failure(what, e)));
          }
        };
    try {
      call.start(listener);
    } catch (MqttException e) {
      promise.tryFail(failure(what, e));
    }
    return promise.future();
  }

  private static MqttLinkException failure(String what, Throwable e) {
    String reason =
        e instanceof MqttException m
            ? "reason code " + m.getReasonCode() + ": " + m.getMessage()
            : e.toString();
    return new MqttLinkException(what + " failed (" + reason + ")", e);
  }

  private void scheduleReconnect() {
    if (closing) {
      return;
    }
    // Full jitter, so a fleet of coordinators (or a restarted broker's clients) do not return in
    // step.
    long delay = 1 + ThreadLocalRandom.current().nextLong(backoffMs);
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    vertx.setTimer(
        delay,
        id ->
            connectOnce()
                .onSuccess(
                    v -> {
                      backoffMs = 1000;
                      LOG.info("reconnected to {}", settings.uri());
                      // The lost connection made the broker publish our will ("offline"):
                      // say again what we last said there, or devices think we are gone.
                      if (lastOnWillTopic != null) {
                        publish(settings.willTopic(), lastOnWillTopic, true);
                      }
                    })
                .onFailure(
                    e -> {
                      LOG.warn("reconnect failed, trying again: {}", e.getMessage());
                      scheduleReconnect();
                    }));
  }

  @FunctionalInterface
  private interface PahoCall {
    void start(MqttActionListener listener) throws MqttException;
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (!closing) {
        LOG.warn("lost the MQTT connection to {}: {}", settings.uri(), response);
        context.runOnContext(v -> scheduleReconnect());
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      LOG.warn("MQTT error: {}", e.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      int id = message.getId();
      int qos = message.getQos();
      long on = connection.get();
      Ack ack =
          new Ack(
              () -> {
                // After a reconnect the id may name another message; the broker redelivers the
                // unacknowledged old one anyway.
                if (qos == 0 || on != connection.get()) {
                  return;
                }
                try {
                  client.messageArrivedComplete(id, qos);
                } catch (MqttException e) {
                  // The connection is gone: the broker redelivers on the next session.
                  LOG.debug("cannot acknowledge message {}: {}", id, e.getMessage());
                }
              });
      dispatcher.dispatch(
          new InboundMessage(topic, message.getPayload(), message.isRetained(), ack));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
