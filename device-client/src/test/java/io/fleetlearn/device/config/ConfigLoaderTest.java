package io.fleetlearn.device.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String MINIMAL =
      """
      device.id = pi-7
      fleet = farm
      broker.uri = tcp://broker:1883
      data.folder = state
      train.images = data/train-images.gz
      train.labels = data/train-labels.gz
      """;

  @TempDir Path dir;

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("device.properties"), text);
  }

  @Test
  void minimalFileGetsDefaultsAndPathsRelativeToTheFile() throws Exception {
    DeviceConfig c = ConfigLoader.load(write(MINIMAL), Map.of());

    assertThat(c.deviceId()).isEqualTo("pi-7");
    assertThat(c.dataFolder()).isEqualTo(dir.resolve("state"));
    assertThat(c.trainData())
        .isEqualTo(
            DataFiles.idx(
                dir.resolve("data/train-images.gz"), dir.resolve("data/train-labels.gz"), 10));
    assertThat(c.testData()).isEmpty();
    assertThat(c.statusInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.systemRoot()).isEqualTo(Path.of("/"));
    assertThat(c.eligibility().minBatteryPercent()).isNull();
    assertThat(c.decodeLimits().maxFrameBytes())
        .isEqualTo(DeviceConfig.DEFAULT_MAX_MODEL_FRAME_BYTES);
  }

  @Test
  void maximumPacketSize_defaultsToTheFrameCapPlusHeadroom_andMayNotBeBelowIt() throws Exception {
    DeviceConfig c =
        ConfigLoader.load(write(MINIMAL + "model.max.frame.bytes = 1000000\n"), Map.of());

    assertThat(c.maxPacketBytes()).isEqualTo(1_000_000 + DeviceConfig.PACKET_HEADROOM_BYTES);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    write(MINIMAL), Map.of("FLEETLEARN_BROKER_MAX_PACKET_BYTES", "65536")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("broker.max.packet.bytes (65536) must be at least");
  }

  @Test
  void environmentVariableOverridesTheFile_keyUpperCasedWithUnderscores() throws Exception {
    DeviceConfig c =
        ConfigLoader.load(
            write(MINIMAL),
            Map.of(
                "FLEETLEARN_BROKER_URI", "tcp://other:1883",
                "FLEETLEARN_ELIGIBILITY_MIN_BATTERY_PERCENT", "40"));

    assertThat(ConfigLoader.envName("broker.uri")).isEqualTo("FLEETLEARN_BROKER_URI");
    assertThat(c.brokerUri()).isEqualTo("tcp://other:1883");
    assertThat(c.eligibility().minBatteryPercent()).isEqualTo(40.0);
  }

  @Test
  void badValueNamesKeyFileAndValue() throws Exception {
    Path file = write(MINIMAL + "status.interval.seconds = soon\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'status.interval.seconds'")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'soon'");
  }

  @Test
  void badValueFromTheEnvironmentNamesTheVariable() throws Exception {
    Path file = write(MINIMAL);

    assertThatThrownBy(
            () -> ConfigLoader.load(file, Map.of("FLEETLEARN_MODEL_MAX_FRAME_BYTES", "-5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment variable FLEETLEARN_MODEL_MAX_FRAME_BYTES ('-5')");
  }

  @Test
  void missingKeySaysWhereToSetIt() throws Exception {
    Path file = write(MINIMAL.replace("device.id = pi-7", ""));

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'device.id' is missing")
        .hasMessageContaining("FLEETLEARN_DEVICE_ID");
  }

  @Test
  void deviceIdThatWouldEscapeItsTopicIsRefused() throws Exception {
    Path file = write(MINIMAL.replace("pi-7", "pi/#"));

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("device.id ('pi/#')");
  }

  @Test
  void csvDataAndTlsAreRead_sslWithoutCaIsRefused() throws Exception {
    String csv =
        MINIMAL
                .replace("train.images = data/train-images.gz\n", "")
                .replace("train.labels = data/train-labels.gz\n", "")
            + "train.format = csv\ntrain.csv = s.csv\ntrain.label.column = label\ntrain.classes = 3\n";
    DeviceConfig c = ConfigLoader.load(write(csv), Map.of());
    assertThat(c.trainData()).isEqualTo(DataFiles.csv(dir.resolve("s.csv"), "label", 3));

    Path ssl = write(csv.replace("tcp://", "ssl://"));
    assertThatThrownBy(() -> ConfigLoader.load(ssl, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("broker.tls.ca.file");
  }
}
