package io.fleetlearn.testsupport.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
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

/**
 * A Paho MQTT 5 client that records what it receives and reports the broker's reason codes. It
 * dispatches from Paho's one callback: Paho 1.2.5's per-subscription listener overloads recurse
 * forever ({@code MqttClient.subscribe(String, int, IMqttMessageListener)}).
 */
public final class MqttProbe implements AutoCloseable {
  private static final long WAIT_MS = 15_000;

  private final MqttAsyncClient client;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile boolean lost;

  private MqttProbe(MqttAsyncClient client) {
    this.client = client;
  }

  /**
   * Connects; {@code user} null connects anonymously. {@code sessionExpiry} zero is a clean
   * session, above zero a persistent one ({@code cleanStart=false}) kept that many seconds.
   *
   * @throws MqttException with the broker's reason code if it refuses
   */
  public static MqttProbe connect(
      String uri, String clientId, String user, String password, long sessionExpiry)
      throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    MqttProbe probe = new MqttProbe(client);
    client.setCallback(probe.new Callback());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setConnectionTimeout(5);
    options.setAutomaticReconnect(false);
    options.setCleanStart(sessionExpiry == 0);
    options.setSessionExpiryInterval(sessionExpiry);
    if (user != null) {
      options.setUserName(user);
      options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    try {
      client.connect(options).waitForCompletion(WAIT_MS);
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return probe;
  }

  /** Subscribes at QoS 1 and waits for the SUBACK; returns its reason code (0x87: refused). */
  public int subscribe(String filter) throws MqttException {
    IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
    token.waitForCompletion(WAIT_MS);
    int[] codes = token.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  /**
   * Publishes at QoS 1 and waits for the PUBACK; returns its reason code (0 success, 0x10 no
   * matching subscribers, 0x87 not authorized, ...), or the failure's if the publish failed.
   */
  public int publish(String topic, byte[] payload, boolean retained) throws MqttException {
    return publish(topic, payload, retained, 0);
  }

  /** As {@link #publish(String, byte[], boolean)}, with a message expiry (0: none), seconds. */
  public int publish(String topic, byte[] payload, boolean retained, long expirySeconds)
      throws MqttException {
    MqttProperties properties = new MqttProperties();
    if (expirySeconds > 0) {
      properties.setMessageExpiryInterval(expirySeconds);
    }
    MqttMessage message = new MqttMessage(payload, 1, retained, properties);
    try {
      IMqttToken token = client.publish(topic, message);
      token.waitForCompletion(WAIT_MS);
      int[] codes = token.getReasonCodes();
      return codes == null || codes.length == 0 ? 0 : codes[0];
    } catch (MqttException e) {
      if (e.getReasonCode() >= 0x80 && e.getReasonCode() < 0x100) {
        return e.getReasonCode();
      }
      throw e;
    }
  }

  /**
   * Publishes at QoS 1 without waiting; the future completes with the PUBACK's reason code, or
   * fails. Many of these in flight are how a benchmark loads a broker from few threads.
   */
  public CompletableFuture<Integer> publishAsync(String topic, byte[] payload) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    MqttMessage message = new MqttMessage(payload, 1, false, new MqttProperties());
    try {
      client.publish(
          topic,
          message,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] codes = token.getReasonCodes();
              done.complete(codes == null || codes.length == 0 ? 0 : codes[0]);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              done.completeExceptionally(e);
            }
          });
    } catch (MqttException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  /** Everything received so far, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** How many messages arrived so far (cheaper than copying them). */
  public int receivedCount() {
    return received.size();
  }

  /** Forgets what arrived so far. */
  public void clearReceived() {
    received.clear();
  }

  /** Waits for a message on {@code topic} and returns the latest one there. */
  public Received await(String topic, Duration timeout) {
    Awaitility.await("a message on " + topic)
        .atMost(timeout)
        .until(() -> received.stream().anyMatch(r -> r.topic().equals(topic)));
    return received.stream().filter(r -> r.topic().equals(topic)).reduce((a, b) -> b).orElseThrow();
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** Whether the broker or the network dropped this client since it connected. */
  public boolean wasDisconnected() {
    return lost;
  }

  /** Drops the TCP connection without DISCONNECT, so the broker sends the will and keeps state. */
  public void dropConnection() throws MqttException {
    client.disconnectForcibly(0, 1000, false);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(WAIT_MS);
    }
    client.close(true);
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      lost = true;
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {}

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      received.add(
          new Received(topic, message.getPayload(), message.isRetained(), System.nanoTime()));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
