package io.fleetlearn.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinatorConfigTest {
  private static JsonObject secured() {
    return new JsonObject()
        .put("MQTT_PASSWORD", "pw")
        .put("DEVICE_PASSWORD", "dpw")
        .put("API_TOKEN", "t");
  }

  @Test
  void from_appliesDefaults_andUsesEmbeddedBroker_withoutMqttUrl() {
    CoordinatorConfig c = CoordinatorConfig.from(secured());

    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.fleet()).isEqualTo("default");
    assertThat(c.embeddedBroker()).isTrue();
    assertThat(c.brokerUri().toString()).isEqualTo("tcp://127.0.0.1:1883");
  }

  @Test
  void from_readsStringsAsEnvironmentVariablesGiveThem() {
    CoordinatorConfig c =
        CoordinatorConfig.from(
            secured()
                .put("HTTP_PORT", "9090")
                .put("DEMO_MODE", "FALSE")
                .put("MQTT_URL", "ssl://broker.local:8883")
                .put("DEVICE_CREDENTIALS", "d-1:a,d-2:b:c"));

    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.embeddedBroker()).isFalse();
    assertThat(c.deviceCredentials()).isEqualTo(Map.of("d-1", "a", "d-2", "b:c"));
  }

  @Test
  void from_acceptsDeviceCredentialsAsJsonObject() {
    CoordinatorConfig c =
        CoordinatorConfig.from(
            secured().put("DEVICE_CREDENTIALS", new JsonObject().put("d-9", "nine")));

    assertThat(c.deviceCredentials()).containsEntry("d-9", "nine");
  }

  @Test
  void from_rejectsBadValues_namingTheKey() {
    assertThatThrownBy(() -> CoordinatorConfig.from(secured().put("HTTP_PORT", "http")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("HTTP_PORT (http) must be an integer");
    assertThatThrownBy(() -> CoordinatorConfig.from(secured().put("MQTT_PORT", 70000)))
        .hasMessage("MQTT_PORT (70000) must be in [0, 65535]");
    assertThatThrownBy(() -> CoordinatorConfig.from(secured().put("DEMO_MODE", "yes")))
        .hasMessage("DEMO_MODE (yes) must be true or false");
    assertThatThrownBy(() -> CoordinatorConfig.from(secured().put("MQTT_URL", "http://x")))
        .hasMessageStartingWith("MQTT_URL (http://x) must look like");
    assertThatThrownBy(() -> CoordinatorConfig.from(secured().put("DEVICE_CREDENTIALS", "d-1")))
        .hasMessage("DEVICE_CREDENTIALS entry (d-1) must be id:password");
    assertThatThrownBy(() -> CoordinatorConfig.from(secured().put("FLEET", "a/b")))
        .hasMessageContaining("FLEET");
  }

  @Test
  void from_requiresCredentials_unlessDemoMode() {
    assertThatThrownBy(() -> CoordinatorConfig.from(new JsonObject()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MQTT_PASSWORD")
        .hasMessageContaining("DEMO_MODE=true");
    assertThatThrownBy(() -> CoordinatorConfig.from(secured().put("DEVICE_PASSWORD", "")))
        .hasMessageContaining("DEVICE_PASSWORD");
    assertThatThrownBy(() -> CoordinatorConfig.from(secured().put("API_TOKEN", " ")))
        .hasMessageContaining("API_TOKEN");

    assertThat(CoordinatorConfig.from(new JsonObject().put("DEMO_MODE", true)).demoMode()).isTrue();
  }

  @Test
  void toString_hidesSecrets() {
    assertThat(CoordinatorConfig.from(secured()).toString()).doesNotContain("pw", "dpw");
  }
}
