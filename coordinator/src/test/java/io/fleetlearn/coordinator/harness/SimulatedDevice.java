package io.fleetlearn.coordinator.harness;

import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Resources;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.testsupport.mqtt.MqttProbe;
import io.fleetlearn.testsupport.mqtt.Received;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A device on the wire without DJL: it logs in as itself, reports a roomy Raspberry-Pi-4-like
 * status, takes tasks on its own topic (persistent session), and publishes whatever update frame
 * the test gives it. Benchmarks and crash tests use it where a real training would only cost time.
 */
public final class SimulatedDevice implements AutoCloseable {
  private static final long SESSION_EXPIRY_SECONDS = 3600;

  private final String id;
  private final Topics topics;
  private final MqttProbe mqtt;
  private final Messages messages = new Messages();

  private SimulatedDevice(String id, Topics topics, MqttProbe mqtt) {
    this.id = id;
    this.topics = topics;
    this.mqtt = mqtt;
  }

  /** Connects with a persistent session and subscribes to its task topic. */
  public static SimulatedDevice connect(String uri, String fleet, String id, String password)
      throws MqttException {
    Topics topics = Topics.of(fleet);
    MqttProbe mqtt = MqttProbe.connect(uri, id, id, password, SESSION_EXPIRY_SECONDS);
    mqtt.subscribe(topics.task(id));
    return new SimulatedDevice(id, topics, mqtt);
  }

  public String id() {
    return id;
  }

  /** Publishes a retained online status: 3 GB free of 4, 4 cores idle, on mains power. */
  public void publishStatus() throws MqttException {
    Resources resources =
        new Resources(
            3L << 30, 4L << 30, 4, 0.1, 1500.0, 45.0, 100.0, true, 2_000_000.0, null, 5.0);
    DeviceStatus status =
        new DeviceStatus(
            id,
            DeviceState.ONLINE,
            System.currentTimeMillis(),
            "simulated",
            -1,
            resources,
            null,
            null);
    mqtt.publish(topics.status(id), messages.write(status), true);
  }

  /** Every task received so far, oldest first (unparseable ones are skipped). */
  public List<TaskMessage> tasks() {
    return mqtt.received().stream()
        .filter(r -> r.topic().equals(topics.task(id)))
        .map(Received::payload)
        .map(p -> messages.read(p, TaskMessage.class))
        .toList();
  }

  /** Waits for the task of {@code round}. */
  public TaskMessage awaitTask(long round, Duration timeout) {
    Awaitility.await(id + "'s task of round " + round)
        .atMost(timeout)
        .until(() -> tasks().stream().anyMatch(t -> t.round() == round));
    return tasks().stream().filter(t -> t.round() == round).findFirst().orElseThrow();
  }

  /** The latest task, if any. */
  public TaskMessage latestTask() {
    List<TaskMessage> all = tasks();
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** Publishes an update frame and waits for the broker's acknowledgement (its reason code). */
  public int publishUpdate(byte[] frame) throws MqttException {
    return mqtt.publish(topics.update(id), frame, false);
  }

  /** Publishes an update frame without waiting; completes with the PUBACK reason code. */
  public CompletableFuture<Integer> publishUpdateAsync(byte[] frame) {
    return mqtt.publishAsync(topics.update(id), frame);
  }

  @Override
  public void close() throws MqttException {
    mqtt.close();
  }
}
