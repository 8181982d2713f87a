package io.fleetlearn.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** values.schema.json and the chart's own checks refuse bad values, naming them. */
class ValuesSchemaTest {
  private static void rejects(Map<String, Object> set, String... messageParts) {
    assertThatThrownBy(() -> Chart.render("default", set))
        .isInstanceOf(IllegalStateException.class)
        .message()
        .contains(messageParts);
  }

  @Test
  void shouldRefuseTwoCoordinators() {
    rejects(Map.of("coordinator.replicas", 2), "at '/coordinator/replicas': value must be 1");
  }

  @Test
  void shouldRefuseNegativeResources() {
    rejects(
        Map.of("coordinator.resources.requests.memory", "-1Gi"),
        "at '/coordinator/resources/requests/memory': '-1Gi'");
    rejects(
        Map.of("broker.mosquitto.resources.limits.cpu", -2),
        "at '/broker/mosquitto/resources/limits/cpu'");
  }

  @Test
  void shouldRefuseAnUnknownBrokerType() {
    rejects(
        Map.of("broker.type", "rabbitmq"),
        "at '/broker/type': value must be one of 'mosquitto', 'emqx', 'hivemq'");
  }

  @Test
  void shouldRefuseAnUnknownValue() {
    rejects(
        Map.of("coordinator.replica", 1),
        "at '/coordinator': additional properties 'replica' not allowed");
  }

  @Test
  void shouldRefuseAnExternalBrokerWithoutItsUrl() {
    rejects(Map.of("broker.type", "hivemq"), "broker.external.url");
  }

  @Test
  void shouldRefuseAnExternalBrokerUrlWithoutSchemeOrPort() {
    rejects(
        Map.of("broker.type", "emqx", "broker.external.url", "emqx.example.com"),
        "at '/broker/external/url': 'emqx.example.com' does not match pattern");
  }

  @Test
  void shouldRefuseTlsWithoutItsCertificateSecret() {
    rejects(Map.of("broker.tls.enabled", true), "broker.tls.existingSecret");
  }

  @Test
  void shouldRefuseFewerParallelPodsThanShards() {
    rejects(
        Map.of("simulation.enabled", true, "simulation.shards", 4, "simulation.parallelism", 2),
        "simulation.parallelism (2)",
        "simulation.shards (4)");
  }

  @Test
  void shouldRefuseAFleetIdThatIsNotATopicSegment() {
    rejects(Map.of("fleet", "a/b"), "at '/fleet': 'a/b' does not match pattern");
  }
}
