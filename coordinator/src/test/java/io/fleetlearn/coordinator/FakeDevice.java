package io.fleetlearn.coordinator;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Resources;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * A scripted device for the engine tests: a plain MQTT client that publishes statuses and hand-made
 * update frames, so that every kind of bad update can be sent. No training framework.
 */
public final class FakeDevice implements AutoCloseable {
  private static final Messages MESSAGES = new Messages();
  private final String id;
  private final MqttClient client;
  private final LinkedBlockingQueue<TaskMessage> tasks = new LinkedBlockingQueue<>();
  private final Map<String, byte[]> models = new java.util.concurrent.ConcurrentHashMap<>();

  private FakeDevice(String id, MqttClient client) {
    this.id = id;
    this.client = client;
  }

  /** Connects as {@code id}, listens to its task and the models, and says it is online. */
  public static FakeDevice connect(int mqttPort, String id) throws MqttException {
    MqttClient c = TestSupport.mqtt(mqttPort, id, id, TestSupport.DEVICE_PASSWORD);
    FakeDevice d = new FakeDevice(id, c);
    c.subscribe(
        new MqttSubscription[] {
          new MqttSubscription("fl/test/device/" + id + "/task", 1),
          new MqttSubscription("fl/test/model/#", 1)
        },
        new IMqttMessageListener[] {
          (topic, m) -> d.tasks.add(MESSAGES.read(m.getPayload(), TaskMessage.class)),
          (topic, m) -> d.models.put(topic, m.getPayload())
        });
    d.status(DeviceState.ONLINE);
    return d;
  }

  public String id() {
    return id;
  }

  public void status(DeviceState state) throws MqttException {
    Resources r = new Resources(2L << 30, 4L << 30, 4, 0.1, null, null, null, null, 1e7, null, 5.0);
    publish(
        "status",
        MESSAGES.write(
            new DeviceStatus(id, state, System.currentTimeMillis(), "fake", -1, r, null)),
        true);
  }

  /** Reports an evaluation of {@code round} in its status, as a device client does. */
  public void evaluated(long round, long version, double accuracy) throws MqttException {
    Resources r = new Resources(2L << 30, 4L << 30, 4, 0.1, null, null, null, null, 1e7, null, 5.0);
    publish(
        "status",
        MESSAGES.write(
            new DeviceStatus(
                id,
                DeviceState.ONLINE,
                System.currentTimeMillis(),
                "fake",
                version,
                r,
                null,
                new io.fleetlearn.protocol.message.EvaluationReport(
                    round, version, 1.0, accuracy, 100))),
        true);
  }

  /** The next task sent to this device, waiting up to 20 s. */
  public TaskMessage task() throws InterruptedException {
    TaskMessage t = tasks.poll(20, TimeUnit.SECONDS);
    if (t == null) {
      throw new AssertionError(id + " got no task");
    }
    return t;
  }

  /** The last retained frame seen on a model topic, or null. */
  public byte[] model(String topic) {
    return models.get(topic);
  }

  /** Publishes raw bytes on this device's update topic. */
  public void sendUpdate(byte[] payload) throws MqttException {
    publish("update", payload, false);
  }

  public void publish(String leaf, byte[] payload, boolean retained) throws MqttException {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    m.setRetained(retained);
    client.publish("fl/test/device/" + id + "/" + leaf, m);
  }

  /** A dense Fp32 update frame whose every value is {@code value}. */
  public static byte[] update(
      ModelSpec spec,
      long round,
      long version,
      String device,
      long nonce,
      long samples,
      float value,
      Map<String, String> extra) {
    List<TensorInfo> t = spec.tensors();
    Model delta =
        Model.flatZeros(
            t.stream().map(TensorInfo::name).toList(), t.stream().map(TensorInfo::shape).toList());
    for (int i = 0; i < delta.size(); i++) {
      var tensor = delta.tensor(i);
      java.util.Arrays.fill(
          tensor.array(), tensor.offset(), tensor.offset() + tensor.size(), value);
    }
    return frame(delta, round, version, device, nonce, samples, extra);
  }

  /** An Fp32 update frame of {@code delta}. */
  public static byte[] frame(
      Model delta,
      long round,
      long version,
      String device,
      long nonce,
      long samples,
      Map<String, String> extra) {
    Map<String, String> a = new HashMap<>();
    a.put("device", device);
    a.put("nonce", Long.toHexString(nonce));
    a.put("samples", Long.toString(samples));
    a.put("width", "1000000");
    a.putAll(extra);
    return Pipeline.parse("Fp32")
        .encodeFrame(FrameMeta.update(round, version, a), delta, EncodeContext.plain());
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
