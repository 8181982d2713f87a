package io.fleetlearn.coordinator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicFilterTest {
  @Test
  void matches_followsMqttWildcardRules() {
    assertThat(TopicFilter.matches("fl/f/device/+/status", "fl/f/device/d-1/status")).isTrue();
    assertThat(TopicFilter.matches("fl/f/model/#", "fl/f/model/1/full")).isTrue();
    assertThat(TopicFilter.matches("fl/f/#", "fl/f")).isTrue();
    assertThat(TopicFilter.matches("fl/f/device/+/status", "fl/f/device/d-1/update")).isFalse();
    assertThat(TopicFilter.matches("fl/f/device/+", "fl/f/device/d-1/status")).isFalse();
    assertThat(TopicFilter.matches("fl/f/a", "fl/f/a/b")).isFalse();
  }
}
