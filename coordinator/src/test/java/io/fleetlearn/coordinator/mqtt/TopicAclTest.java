package io.fleetlearn.coordinator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.protocol.topic.Topics;
import org.junit.jupiter.api.Test;

class TopicAclTest {
  private final TopicAcl acl = new TopicAcl(Topics.of("f"), "coordinator");

  @Test
  void device_mayPublishOnlyUnderItsOwnDeviceTopic() {
    assertThat(acl.mayPublish("d-1", "fl/f/device/d-1/status")).isTrue();
    assertThat(acl.mayPublish("d-1", "fl/f/device/d-1/update")).isTrue();

    assertThat(acl.mayPublish("d-1", "fl/f/device/d-2/status")).isFalse();
    assertThat(acl.mayPublish("d-1", "fl/f/device/d-10/status")).isFalse();
    assertThat(acl.mayPublish("d-1", "fl/f/device/d-1/")).isFalse();
    assertThat(acl.mayPublish("d-1", "fl/f/model/1/full")).isFalse();
    assertThat(acl.mayPublish("d-1", "fl/f/coordinator/status")).isFalse();
    assertThat(acl.mayPublish("d-1", "fl/other/device/d-1/status")).isFalse();
  }

  @Test
  void device_maySubscribeOnlyToItsTaskAndToModels() {
    assertThat(acl.maySubscribe("d-1", "fl/f/device/d-1/task")).isTrue();
    assertThat(acl.maySubscribe("d-1", "fl/f/model/#")).isTrue();
    assertThat(acl.maySubscribe("d-1", "fl/f/model/3/w50")).isTrue();

    assertThat(acl.maySubscribe("d-1", "fl/f/device/d-2/task")).isFalse();
    assertThat(acl.maySubscribe("d-1", "fl/f/device/+/task")).isFalse();
    assertThat(acl.maySubscribe("d-1", "fl/f/device/d-1/update")).isFalse();
    assertThat(acl.maySubscribe("d-1", "fl/f/#")).isFalse();
    assertThat(acl.maySubscribe("d-1", "#")).isFalse();
    assertThat(acl.maySubscribe("d-1", "$share/g/fl/f/model/#")).isFalse();
  }

  @Test
  void coordinator_mayDoAnything() {
    assertThat(acl.mayPublish("coordinator", "fl/f/device/d-1/task")).isTrue();
    assertThat(acl.maySubscribe("coordinator", "fl/f/device/+/update")).isTrue();
  }
}
