package io.fleetlearn.coordinator.registry;

import io.fleetlearn.coordinator.engine.StoredJson;
import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.fleetlearn.coordinator.fleet.ResourceSample;
import io.fleetlearn.coordinator.metrics.FleetMetrics;
import io.fleetlearn.coordinator.mqtt.InboundMessage;
import io.fleetlearn.coordinator.store.AsyncStore;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Durability;
import io.fleetlearn.coordinator.store.Family;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.ProtocolException;
import io.fleetlearn.protocol.topic.Topics;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices the coordinator has heard of, fed by their retained statuses and wills on {@code
 * device/+/status}. Lives on the coordinator's event loop (not thread-safe); persists each change
 * in the {@code devices} family with relaxed durability (a lost status is re-sent by the device),
 * under {@code d/{id}} for the record and {@code h/{id}/{seq}} for the last {@link #HISTORY}
 * resource samples.
 *
 * <p>A status is refused, counted by reason and logged once per device and reason, when it does not
 * parse ({@code malformed}) or when the id in its topic is not its {@code deviceId} ({@code
 * impersonation}: the broker's ACL checks the topic, so a payload naming another device is a device
 * speaking for someone else).
 */
public final class DeviceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

  /** Resource samples kept per device. */
  public static final int HISTORY = 100;

  /** Devices the registry holds at most; beyond, new ids are refused ({@code capacity}). */
  public static final int MAX_DEVICES = 100_000;

  private static final int MAX_LOGGED = 10_000;

  private final AsyncStore store;
  private final Topics topics;
  private final Messages messages;
  private final StoredJson json;
  private final FleetMetrics metrics;
  private final Consumer<FleetEvent> events;
  private final LongSupplier clock;
  private final DeviceStore persisted;
  private final Map<String, DeviceRecord> devices = new TreeMap<>();
  private final Map<String, Deque<ResourceSample>> history = new HashMap<>();
  private final Map<String, Long> nextSample = new HashMap<>();
  private final java.util.Set<String> logged = new java.util.HashSet<>();
  private final List<java.util.function.BiConsumer<DeviceStatus, Boolean>> listeners =
      new ArrayList<>();

  public DeviceRegistry(
      AsyncStore store,
      Topics topics,
      FleetMetrics metrics,
      Consumer<FleetEvent> events,
      LongSupplier clock) {
    this.store = store;
    this.topics = topics;
    this.messages = new Messages();
    this.json = new StoredJson();
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.persisted = new DeviceStore(store, json);
    metrics.devicesOnline(this::onlineCount);
  }

  /**
   * Calls {@code listener} with every accepted status, after the registry took it in, and whether
   * the device just came online (it was offline or unknown, e.g. after a restart).
   */
  public void onStatus(java.util.function.BiConsumer<DeviceStatus, Boolean> listener) {
    listeners.add(listener);
  }

  /**
   * Reloads the stored devices, each marked offline until it speaks again: after a restart nobody
   * is known to be connected (an external broker redelivers the retained statuses at once).
   */
  public Future<Void> load() {
    return persisted
        .load(devices, history, nextSample)
        .onSuccess(v -> LOG.info("registry: {} devices reloaded", devices.size()));
  }

  /** Takes in one message from {@code device/+/status}. */
  public void handle(InboundMessage message) {
    Optional<String> topicId = topics.deviceOf(message.topic(), "status");
    if (topicId.isEmpty()) {
      return; // The subscription's filter admits nothing else; defensive only.
    }
    String id = topicId.get();
    if (message.payload().length == 0) {
      return; // An empty retained message clears the topic: nothing to register.
    }
    DeviceStatus status;
    try {
      status = messages.read(message.payload(), DeviceStatus.class);
    } catch (ProtocolException e) {
      refuse(id, "malformed", e.getMessage());
      return;
    }
    if (!status.deviceId().equals(id)) {
      refuse(
          id,
          "impersonation",
          "status on the topic of " + id + " names device " + status.deviceId() + "; refused");
      return;
    }
    if (!devices.containsKey(id) && devices.size() >= MAX_DEVICES) {
      refuse(id, "capacity", "registry holds " + MAX_DEVICES + " devices; " + id + " refused");
      return;
    }
    accept(status);
  }

  private void accept(DeviceStatus s) {
    long now = clock.getAsLong();
    DeviceRecord old = devices.get(s.deviceId());
    boolean newDecline =
        s.decline() != null && (old == null || !s.decline().equals(old.lastDecline()));
    DeviceRecord r =
        new DeviceRecord(
            s.deviceId(),
            s.state() != DeviceState.OFFLINE,
            s.state(),
            now,
            s.clientVersion(),
            s.resources() != null ? s.resources() : old == null ? null : old.resources(),
            old == null ? null : old.widthPpm(),
            Math.max(s.modelVersion(), old == null ? -1 : old.modelVersion()),
            old == null ? 0 : old.roundsCompleted(),
            old == null ? List.of() : old.roundSeconds(),
            s.decline() != null ? s.decline() : old == null ? null : old.lastDecline(),
            newDecline ? now : old == null ? 0 : old.lastDeclineMillis(),
            s.evaluation() != null ? s.evaluation() : old == null ? null : old.lastEvaluation(),
            old == null ? 0 : old.lastSamples(),
            old == null ? 0 : old.slowdown());
    devices.put(r.deviceId(), r);
    Batch batch =
        new Batch().put(Family.DEVICES, DeviceStore.recordKey(r.deviceId()), json.write(r));
    if (s.resources() != null) {
      ResourceSample sample = new ResourceSample(now, s.resources());
      Deque<ResourceSample> h = history.computeIfAbsent(r.deviceId(), k -> new ArrayDeque<>());
      h.addLast(sample);
      long seq = nextSample.merge(r.deviceId(), 1L, Long::sum) - 1;
      batch.put(Family.DEVICES, DeviceStore.historyKey(r.deviceId(), seq), json.write(sample));
      while (h.size() > HISTORY) {
        h.removeFirst();
      }
      if (seq >= HISTORY) {
        batch.delete(Family.DEVICES, DeviceStore.historyKey(r.deviceId(), seq - HISTORY));
      }
    }
    persist(batch);
    events.accept(new FleetEvent(FleetEvent.Type.DEVICE, now, r.view()));
    boolean cameOnline = r.online() && (old == null || !old.online());
    for (var l : listeners) {
      l.accept(s, cameOnline);
    }
  }

  /** Records the width a device was given. */
  public void assigned(String deviceId, int widthPpm) {
    update(deviceId, r -> r.withAssignment(widthPpm));
  }

  /**
   * Records an accepted update: how long the device took for the round (task out to update in),
   * against the estimate sizing made, and the samples it claimed.
   */
  public void completed(String deviceId, double seconds, long samples, double estimatedSeconds) {
    update(deviceId, r -> r.withCompletedRound(seconds, samples, estimatedSeconds));
  }

  private void update(String deviceId, java.util.function.UnaryOperator<DeviceRecord> change) {
    DeviceRecord r = devices.get(deviceId);
    if (r == null) {
      return;
    }
    DeviceRecord next = change.apply(r);
    devices.put(deviceId, next);
    persist(new Batch().put(Family.DEVICES, DeviceStore.recordKey(deviceId), json.write(next)));
  }

  private void persist(Batch batch) {
    store
        .write(batch, Durability.RELAXED)
        .onFailure(e -> LOG.warn("registry: cannot store a device change: {}", e.getMessage()));
  }

  /** Every device, by id. */
  public Collection<DeviceRecord> all() {
    return List.copyOf(devices.values());
  }

  public Optional<DeviceRecord> get(String deviceId) {
    return Optional.ofNullable(devices.get(deviceId));
  }

  /** The device's last {@code limit} samples, oldest first. */
  public List<ResourceSample> history(String deviceId, int limit) {
    Deque<ResourceSample> h = history.getOrDefault(deviceId, new ArrayDeque<>());
    List<ResourceSample> all = new ArrayList<>(h);
    return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, limit)), all.size()));
  }

  public int onlineCount() {
    int n = 0;
    for (DeviceRecord r : devices.values()) {
      if (r.online()) {
        n++;
      }
    }
    return n;
  }

  private void refuse(String deviceId, String reason, String message) {
    metrics.statusRejected(reason);
    if (logged.size() < MAX_LOGGED && logged.add(deviceId + "\n" + reason)) {
      LOG.warn("status refused ({}): {}", reason, message);
    }
  }
}
