package io.fleetlearn.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir Path dir;

  @Test
  void resolve_readsEachSecretFromItsFile_withoutTheTrailingLineBreak() throws IOException {
    // Arrange
    Path token = Files.writeString(dir.resolve("api-token"), "s3cret token\n");
    Path password = Files.writeString(dir.resolve("mqtt-password"), "pw:with:colons");

    // Act
    JsonObject out =
        SecretFiles.resolve(
            new JsonObject()
                .put("API_TOKEN_FILE", token.toString())
                .put("MQTT_PASSWORD_FILE", password.toString())
                .put("HTTP_PORT", "9090"));

    // Assert
    assertThat(out.getString("API_TOKEN")).isEqualTo("s3cret token");
    assertThat(out.getString("MQTT_PASSWORD")).isEqualTo("pw:with:colons");
    assertThat(out.getString("HTTP_PORT")).isEqualTo("9090");
    assertThat(out.fieldNames()).doesNotContain("API_TOKEN_FILE", "MQTT_PASSWORD_FILE");
  }

  @Test
  void resolve_rejectsAMissingFile_namingTheKeyAndPath() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(
            () -> SecretFiles.resolve(new JsonObject().put("API_TOKEN_FILE", missing.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("API_TOKEN_FILE (" + missing + ") cannot be read: NoSuchFileException");
  }

  @Test
  void resolve_rejectsBothTheValueAndItsFile() throws IOException {
    Path token = Files.writeString(dir.resolve("t"), "t");

    assertThatThrownBy(
            () ->
                SecretFiles.resolve(
                    new JsonObject().put("API_TOKEN", "x").put("API_TOKEN_FILE", token.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("both API_TOKEN and API_TOKEN_FILE (" + token + ") are set");
  }

  @Test
  void resolve_rejectsAFileThatIsNotText() throws IOException {
    Path binary = Files.write(dir.resolve("b"), new byte[] {(byte) 0xC3, (byte) 0x28});

    assertThatThrownBy(
            () ->
                SecretFiles.resolve(
                    new JsonObject().put("DEVICE_PASSWORD_FILE", binary.toString())))
        .hasMessage("DEVICE_PASSWORD_FILE (" + binary + ") is not UTF-8 text");
  }

  @Test
  void load_takesSecretFilesFromTheDeploymentConfig() throws Exception {
    // Arrange: what the Helm chart does, with files instead of environment variables.
    Path token = Files.writeString(dir.resolve("api-token"), "tok\n");
    Path password = Files.writeString(dir.resolve("mqtt-password"), "pw\n");
    JsonObject deployment =
        new JsonObject()
            .put("CONFIG_FILE", dir.resolve("absent.json").toString())
            .put("MQTT_URL", "tcp://broker:1883")
            .put("MQTT_PASSWORD_FILE", password.toString())
            .put("API_TOKEN_FILE", token.toString());
    Vertx vertx = Vertx.vertx();
    try {
      // Act
      CoordinatorConfig config =
          ConfigLoader.load(vertx, deployment)
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);

      // Assert
      assertThat(config.apiToken()).contains("tok");
      assertThat(config.mqttPassword()).isEqualTo("pw");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
