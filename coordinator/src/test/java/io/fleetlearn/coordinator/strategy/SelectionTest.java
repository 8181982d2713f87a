package io.fleetlearn.coordinator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.coordinator.registry.DeviceRecord;
import io.fleetlearn.protocol.message.Decline;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.Resources;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SelectionTest {
  private static final long NOW = 1_000_000;

  private static DeviceRecord device(
      boolean online, DeviceState state, Double battery, Boolean charging, long declinedAt) {
    Resources r =
        new Resources(1L << 30, 2L << 30, 4, 0.1, null, null, battery, charging, null, null, 1);
    return new DeviceRecord(
        "d",
        online,
        state,
        NOW,
        "1",
        r,
        null,
        -1,
        0,
        List.of(),
        declinedAt > 0 ? new Decline(1, "no") : null,
        declinedAt,
        null,
        0,
        0);
  }

  @Test
  void ineligibility_namesWhyADeviceIsLeftOut() {
    assertThat(Selection.ineligibility(device(true, DeviceState.ONLINE, null, null, 0), NOW))
        .isEmpty();
    assertThat(Selection.ineligibility(device(false, DeviceState.OFFLINE, null, null, 0), NOW))
        .contains("offline");
    assertThat(Selection.ineligibility(device(true, DeviceState.BUSY, null, null, 0), NOW))
        .contains("busy");
    assertThat(Selection.ineligibility(device(true, DeviceState.ONLINE, 10.0, false, 0), NOW))
        .get()
        .asString()
        .contains("battery");
    assertThat(Selection.ineligibility(device(true, DeviceState.ONLINE, 10.0, true, 0), NOW))
        .isEmpty();
    assertThat(
            Selection.ineligibility(device(true, DeviceState.ONLINE, null, null, NOW - 1000), NOW))
        .get()
        .asString()
        .contains("declined");
    assertThat(
            Selection.ineligibility(
                device(true, DeviceState.ONLINE, null, null, NOW - 60_000), NOW))
        .isEmpty();
  }

  @Test
  void pick_takesTheClampedShare_isSeeded_andIgnoresInputOrder() {
    List<String> ids = IntStream.range(0, 20).mapToObj(i -> "d-" + i).toList();
    List<String> reversed = new java.util.ArrayList<>(ids);
    java.util.Collections.reverse(reversed);

    List<String> a = Selection.pick(ids, 0.25, 2, 100, 42);
    List<String> b = Selection.pick(reversed, 0.25, 2, 100, 42);

    assertThat(a).hasSize(5).doesNotHaveDuplicates().isEqualTo(b);
    assertThat(Selection.pick(ids, 0.01, 3, 100, 1)).hasSize(3);
    assertThat(Selection.pick(ids, 1.0, 1, 7, 1)).hasSize(7);
    assertThat(Selection.pick(ids.subList(0, 2), 1.0, 3, 7, 1)).isEmpty();
  }
}
