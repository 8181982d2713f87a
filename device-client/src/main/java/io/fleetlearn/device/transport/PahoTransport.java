package io.fleetlearn.device.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
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
 * {@link Transport} on the Eclipse Paho MQTT 5 client: {@code cleanStart=false} with a session
 * expiry above zero so a task sent while the device is offline waits for it, Paho's automatic
 * reconnect off (its delay is one static value shared by every client in the JVM), in-memory Paho
 * persistence (the durable store for updates is our {@link Outbox}).
 *
 * <p>Messages are dispatched by our own topic-filter matching from the one client callback, not by
 * Paho's per-subscription listeners (several of those paths are broken in 1.2.5).
 */
public final class PahoTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(PahoTransport.class);

  /** MQTT 5 reason code 0x95, used for a packet we refuse to send because it is too large. */
  public static final int PACKET_TOO_LARGE = 0x95;

  private final PahoSettings settings;
  private final MqttAsyncClient client;
  private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
  private final AtomicReference<Consumer<TransportException>> onLost = new AtomicReference<>();
  // The broker's Maximum Packet Size from the last CONNACK; 0 when it announced none.
  private volatile long brokerMaximumPacketSize;

  /** Creates the client; nothing connects until {@link #connect}. */
  public PahoTransport(PahoSettings settings) {
    this.settings = settings;
    try {
      this.client =
          new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw failure("create client for " + settings.serverUri(), e);
    }
    client.setCallback(new Callback());
  }

  @Override
  public boolean connect(OutgoingMessage will, Consumer<TransportException> lost) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(settings.sessionExpiry().getSeconds());
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval((int) settings.keepAlive().getSeconds());
    options.setConnectionTimeout((int) settings.timeout().getSeconds());
    options.setMaximumPacketSize((long) settings.maximumPacketSize());
    options.setWill(will.topic(), MqttPackets.toPaho(will));
    will.expiry()
        .ifPresent(
            e -> options.setWillMessageProperties(MqttPackets.expiryProperties(e.getSeconds())));
    settings.userName().ifPresent(options::setUserName);
    settings.password().ifPresent(options::setPassword);
    settings.tls().ifPresent(t -> options.setSocketFactory(t.socketFactory()));
    onLost.set(lost);
    try {
      IMqttToken token = client.connect(options);
      token.waitForCompletion(timeoutMillis());
      MqttProperties connack = token.getResponseProperties();
      Long max = connack == null ? null : connack.getMaximumPacketSize();
      brokerMaximumPacketSize = max == null ? 0 : max;
      LOG.info(
          "connected {} (session present: {}, broker maximum packet size: {})",
          settings,
          token.getSessionPresent(),
          max == null ? "none" : max);
      return token.getSessionPresent();
    } catch (MqttException e) {
      onLost.set(null);
      throw failure("connect to " + settings.serverUri(), e);
    }
  }

  @Override
  public void publish(OutgoingMessage message) {
    String op = "publish to " + message.topic();
    long max = brokerMaximumPacketSize;
    long size = MqttPackets.publishSize(message);
    if (max > 0 && size > max) {
      // The broker would close the connection (or drop the message): refuse it here, named.
      throw new TransportException(
          op,
          PACKET_TOO_LARGE,
          "a PUBLISH of "
              + size
              + " bytes ("
              + message.payload().length
              + " bytes of payload) is over the broker's Maximum Packet Size of "
              + max
              + " bytes (CONNACK); not sent",
          null);
    }
    try {
      IMqttToken token = client.publish(message.topic(), MqttPackets.toPaho(message));
      token.waitForCompletion(timeoutMillis());
      checkReasons(op, token);
    } catch (MqttException e) {
      throw failure(op, e);
    }
  }

  @Override
  public void subscribe(String topicFilter, int qos, MessageHandler handler) {
    String op = "subscribe to " + topicFilter;
    // Registered first: a retained message can arrive before the SUBACK has been processed.
    handlers.put(topicFilter, handler);
    try {
      IMqttToken token = client.subscribe(new MqttSubscription(topicFilter, qos));
      token.waitForCompletion(timeoutMillis());
      checkReasons(op, token);
    } catch (MqttException e) {
      handlers.remove(topicFilter);
      throw failure(op, e);
    } catch (TransportException e) {
      handlers.remove(topicFilter);
      throw e;
    }
  }

  @Override
  public void route(String topicFilter, MessageHandler handler) {
    handlers.put(topicFilter, handler);
  }

  @Override
  public void close() {
    onLost.set(null);
    try {
      if (client.isConnected()) {
        client.disconnect(timeoutMillis()).waitForCompletion(timeoutMillis());
      }
    } catch (MqttException e) {
      LOG.warn("clean disconnect of {} failed: {}", settings.clientId(), e.toString());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.warn("closing client {} failed: {}", settings.clientId(), e.toString());
    }
  }

  /** The broker's Maximum Packet Size from the last CONNACK, or 0 when it announced none. */
  public long brokerMaximumPacketSize() {
    return brokerMaximumPacketSize;
  }

  /** MQTT topic-filter matching ({@code +} one level, {@code #} the rest). */
  static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        // '#' does not match topics starting with '$' at the first level.
        return !(i == 0 && topic.startsWith("$"));
      }
      if (i >= t.length) {
        return false;
      }
      if (f[i].equals("+")) {
        if (i == 0 && t[0].startsWith("$")) {
          return false;
        }
      } else if (!f[i].equals(t[i])) {
        return false;
      }
    }
    return f.length == t.length;
  }

  private long timeoutMillis() {
    return settings.timeout().toMillis();
  }

  private static void checkReasons(String op, IMqttToken token) {
    int[] codes = token.getReasonCodes();
    if (codes != null) {
      for (int code : codes) {
        if (code >= 0x80) {
          throw new TransportException(op, code, null, null);
        }
      }
    }
  }

  private static TransportException failure(String op, MqttException e) {
    return new TransportException(op, e.getReasonCode(), e.getMessage(), e);
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      Consumer<TransportException> lost = onLost.getAndSet(null);
      MqttException cause = response.getException();
      TransportException e =
          cause != null
              ? failure("connection", cause)
              : new TransportException(
                  "connection", response.getReturnCode(), response.getReasonString(), null);
      LOG.warn("connection of {} lost: {}", settings.clientId(), e.reason());
      if (lost != null) {
        lost.accept(e);
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT error on {}: {}", settings.clientId(), exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      boolean handled = false;
      for (Map.Entry<String, MessageHandler> h : handlers.entrySet()) {
        if (matches(h.getKey(), topic)) {
          handled = true;
          try {
            h.getValue().onMessage(topic, message.getPayload());
          } catch (RuntimeException e) {
            // A handler's bug must not kill Paho's callback thread (it would drop the connection).
            LOG.error("handler for {} failed on {}", h.getKey(), topic, e);
          }
        }
      }
      if (!handled) {
        LOG.debug("message on {} matched no handler", topic);
      }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
