package io.fleetlearn.coordinator.registry;

import io.fleetlearn.coordinator.engine.StoredJson;
import io.fleetlearn.coordinator.fleet.ResourceSample;
import io.fleetlearn.coordinator.store.AsyncStore;
import io.fleetlearn.coordinator.store.Entry;
import io.fleetlearn.coordinator.store.Family;
import io.fleetlearn.coordinator.store.Keys;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;

/**
 * The registry's keys in the {@code devices} family: {@code d/{id}} → {@link DeviceRecord} JSON,
 * {@code h/{id}/} u64(seq) → one {@link ResourceSample}. Ids hold no {@code /} ({@link
 * io.fleetlearn.protocol.topic.Ids}), so a prefix is one device's.
 */
final class DeviceStore {
  private final AsyncStore store;
  private final StoredJson json;

  DeviceStore(AsyncStore store, StoredJson json) {
    this.store = store;
    this.json = json;
  }

  /** Reads every device (marked offline) and its history into the maps. */
  Future<Void> load(
      Map<String, DeviceRecord> devices,
      Map<String, Deque<ResourceSample>> history,
      Map<String, Long> nextSample) {
    return store
        .scan(Family.DEVICES, Keys.text("d/"), DeviceRegistry.MAX_DEVICES)
        .compose(
            records -> {
              for (Entry e : records) {
                DeviceRecord r = json.read(e.value(), DeviceRecord.class).offline();
                devices.put(r.deviceId(), r);
              }
              return store.scan(
                  Family.DEVICES,
                  Keys.text("h/"),
                  DeviceRegistry.MAX_DEVICES * DeviceRegistry.HISTORY);
            })
        .map(
            samples -> {
              for (Entry e : samples) {
                byte[] k = e.key();
                String prefix = Keys.text(Arrays.copyOf(k, k.length - 8));
                String id = prefix.substring(2, prefix.length() - 1);
                long seq = Keys.u64(Arrays.copyOfRange(k, k.length - 8, k.length));
                history
                    .computeIfAbsent(id, x -> new ArrayDeque<>())
                    .addLast(json.read(e.value(), ResourceSample.class));
                nextSample.merge(id, seq + 1, Math::max);
              }
              return null;
            });
  }

  static byte[] recordKey(String deviceId) {
    return Keys.text("d/" + deviceId);
  }

  static byte[] historyKey(String deviceId, long seq) {
    byte[] prefix = Keys.text("h/" + deviceId + "/");
    byte[] n = Keys.u64(seq);
    byte[] key = Arrays.copyOf(prefix, prefix.length + n.length);
    System.arraycopy(n, 0, key, prefix.length, n.length);
    return key;
  }
}
