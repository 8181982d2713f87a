package io.fleetlearn.coordinator.registry;

import static io.fleetlearn.coordinator.TestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.coordinator.fleet.ResourceSample;
import io.fleetlearn.coordinator.metrics.FleetMetrics;
import io.fleetlearn.coordinator.mqtt.InboundMessage;
import io.fleetlearn.coordinator.store.AsyncStore;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.Resources;
import io.fleetlearn.protocol.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on a real RocksDB store, without a broker. */
class DeviceRegistryTest {
  private static final Topics TOPICS = Topics.of("f");
  private final Messages messages = new Messages();
  @TempDir Path dir;
  private Vertx vertx;
  private AsyncStore store;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    store = get(AsyncStore.open(vertx, dir));
  }

  @AfterEach
  void close() throws Exception {
    get(store.close());
    get(vertx.close());
  }

  @Test
  void history_keepsTheLast100Samples_andAReloadHasThemWithTheDeviceOffline() throws Exception {
    // Arrange
    long[] now = {1_000};
    DeviceRegistry registry = registry(now);

    // Act: 130 statuses
    for (int i = 0; i < 130; i++) {
      now[0] += 1_000;
      registry.handle(new InboundMessage(TOPICS.status("d-1"), status("d-1", i), true));
    }

    // Assert
    List<ResourceSample> kept = registry.history("d-1", 1_000);
    assertThat(kept).hasSize(DeviceRegistry.HISTORY);
    assertThat(kept.get(0).resources().memAvailableBytes()).isEqualTo(mem(30));
    assertThat(registry.history("d-1", 5)).hasSize(5).last().isEqualTo(kept.get(99));
    assertThat(registry.get("d-1")).get().matches(DeviceRecord::online);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              DeviceRegistry reloaded = registry(now);
              get(reloaded.load());
              assertThat(reloaded.history("d-1", 1_000)).isEqualTo(kept);
              assertThat(reloaded.get("d-1")).get().matches(d -> !d.online());
            });
  }

  @Test
  void status_ofAnotherDeviceOnTheTopic_isRefusedAndCounted() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    DeviceRegistry registry =
        new DeviceRegistry(store, TOPICS, new FleetMetrics(meters), e -> {}, () -> 1L);

    registry.handle(new InboundMessage(TOPICS.status("d-1"), status("d-2", 1), true));
    registry.handle(new InboundMessage(TOPICS.status("d-1"), new byte[] {'{'}, true));

    assertThat(registry.all()).isEmpty();
    assertThat(meters.counter("fleetlearn.status.rejected", "reason", "impersonation").count())
        .isEqualTo(1.0);
    assertThat(meters.counter("fleetlearn.status.rejected", "reason", "malformed").count())
        .isEqualTo(1.0);
  }

  @Test
  void aBusyDevice_whoseUpdateIsIn_isSelectableAgain_beforeItsIdleStatusArrives() {
    DeviceRegistry registry = registry(new long[] {1_000});
    Resources r = new Resources(mem(1), 1L << 30, 4, 0.1, null, null, null, null, null, null, 1.0);
    byte[] busy = messages.write(new DeviceStatus("d-1", DeviceState.BUSY, 1, "1", 3, r, null));
    registry.handle(new InboundMessage(TOPICS.status("d-1"), busy, true));
    assertThat(registry.get("d-1"))
        .get()
        .extracting(DeviceRecord::state)
        .isEqualTo(DeviceState.BUSY);

    registry.completed("d-1", 2.5, 600, 2.0);

    assertThat(registry.get("d-1"))
        .get()
        .satisfies(
            d -> {
              assertThat(d.state()).isEqualTo(DeviceState.ONLINE);
              assertThat(d.roundsCompleted()).isEqualTo(1);
            });
  }

  private DeviceRegistry registry(long[] now) {
    return new DeviceRegistry(
        store, TOPICS, new FleetMetrics(new SimpleMeterRegistry()), e -> {}, () -> now[0]);
  }

  private static long mem(int i) {
    return 1_000_000L + i;
  }

  private byte[] status(String id, int i) {
    Resources r = new Resources(mem(i), 1L << 30, 4, 0.1, null, null, null, null, null, null, 1.0);
    return messages.write(new DeviceStatus(id, DeviceState.ONLINE, 1, "1", -1, r, null));
  }
}
