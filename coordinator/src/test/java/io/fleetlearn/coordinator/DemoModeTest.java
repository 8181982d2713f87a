package io.fleetlearn.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class DemoModeTest {
  @TempDir Path dataDir;
  private int mqttPort;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) throws Exception {
    mqttPort = TestSupport.freePort();
    JsonObject config =
        new JsonObject()
            .put("CONFIG_FILE", dataDir.resolve("none.json").toString())
            .put("HTTP_PORT", 0)
            .put("DATA_DIR", dataDir.toString())
            .put("MQTT_PORT", mqttPort)
            .put("MQTT_BIND_ADDRESS", "127.0.0.1")
            .put("DEMO_MODE", true);
    vertx
        .deployVerticle(new CoordinatorVerticle(), new DeploymentOptions().setConfig(config))
        .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  void anonymousClient_connects_inDemoMode() throws Exception {
    MqttClient anonymous = TestSupport.mqtt(mqttPort, "anon", null, null);

    assertThat(anonymous.isConnected()).isTrue();
    anonymous.disconnect();
    anonymous.close();
  }
}
