package io.fleetlearn.protocol.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {
  private final Topics topics = Topics.of("farm-1");

  @Test
  void topicsFollowTheDesign() {
    assertThat(topics.status("pi-7")).isEqualTo("fl/farm-1/device/pi-7/status");
    assertThat(topics.task("pi-7")).isEqualTo("fl/farm-1/device/pi-7/task");
    assertThat(topics.update("pi-7")).isEqualTo("fl/farm-1/device/pi-7/update");
    assertThat(topics.model(12, "w50")).isEqualTo("fl/farm-1/model/12/w50");
    assertThat(topics.coordinatorStatus()).isEqualTo("fl/farm-1/coordinator/status");
    assertThat(topics.allStatuses()).isEqualTo("fl/farm-1/device/+/status");
    assertThat(topics.allUpdates()).isEqualTo("fl/farm-1/device/+/update");
    assertThat(topics.allModels()).isEqualTo("fl/farm-1/model/#");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "+", "#", "pi 7", "-leading", "é"})
  void idsThatCouldEscapeTheDeviceSubtreeAreRefused(String id) {
    assertThatThrownBy(() -> topics.status(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("device id");
  }

  @Test
  void overlongIdIsRefusedWithItsLimit() {
    assertThatThrownBy(() -> topics.update("d".repeat(65)))
        .hasMessageContaining("must be 1 to 64 characters");
  }

  @Test
  void deviceOfReadsTheIdBackOnlyFromTheRightLeaf() {
    assertThat(topics.deviceOf("fl/farm-1/device/pi-7/update", "update")).contains("pi-7");
    assertThat(topics.deviceOf("fl/farm-1/device/pi-7/status", "update")).isEmpty();
    assertThat(topics.deviceOf("fl/other/device/pi-7/update", "update")).isEmpty();
    assertThat(topics.deviceOf("fl/farm-1/device/a/b/update", "update")).isEmpty();
  }
}
