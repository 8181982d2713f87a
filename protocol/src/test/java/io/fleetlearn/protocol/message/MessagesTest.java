package io.fleetlearn.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagesTest {
  private final Messages messages = new Messages();

  static Resources resources() {
    return new Resources(
        300L << 20, 512L << 20, 4, 0.5, 1000.0, 48.5, 80.0, true, 250_000.0, null, 1.2);
  }

  static TaskMessage task() {
    return new TaskMessage(
        TaskType.TRAIN,
        3,
        2,
        "w50",
        "cnn",
        500_000,
        "TopK(1%) + ErrorFeedback + Int4 + Rice + Zstd",
        1,
        32,
        0.05,
        Optimizer.SGD,
        0.0,
        0.0,
        1_800_000_000_000L);
  }

  @Test
  void everyMessageRoundTrips() {
    DeviceStatus status =
        new DeviceStatus(
            "pi-7", DeviceState.ONLINE, 1_700_000_000_000L, "0.1.0", 4, resources(), null);
    CoordinatorStatus coordinator = new CoordinatorStatus("farm-1", true, 1L, 3, 2);

    assertThat(messages.read(messages.write(status), DeviceStatus.class)).isEqualTo(status);
    assertThat(messages.read(messages.write(task()), TaskMessage.class)).isEqualTo(task());
    assertThat(messages.read(messages.write(coordinator), CoordinatorStatus.class))
        .isEqualTo(coordinator);
  }

  @Test
  void statusCarriesAnEvaluationReportAndRefusesAnAccuracyAboveOne() {
    DeviceStatus status =
        new DeviceStatus(
            "pi-7",
            DeviceState.ONLINE,
            1L,
            "0.1.0",
            4,
            resources(),
            null,
            new EvaluationReport(3, 4, 0.7, 0.81, 200));
    String json = text(messages.write(status));

    assertThat(messages.read(messages.write(status), DeviceStatus.class)).isEqualTo(status);
    assertThatThrownBy(
            () -> read(json.replace("\"accuracy\":0.81", "\"accuracy\":1.5"), DeviceStatus.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("evaluation.accuracy (1.5)");
  }

  @Test
  void absentProbesAreLeftOutNotWrittenAsZero() {
    String json = text(messages.write(resources()));

    assertThat(json).doesNotContain("lastRoundSeconds").contains("\"batteryPercent\":80.0");
  }

  @Test
  void unknownFieldIsRefusedAndNamed() {
    String json = text(messages.write(task())).replace("{", "{\"admin\":true,");

    assertThatThrownBy(() -> read(json, TaskMessage.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("TaskMessage: unknown field 'admin'")
        .hasMessageContaining("known fields are");
  }

  @Test
  void missingRequiredFieldIsRefusedAndNamed() {
    String json = text(messages.write(task())).replaceFirst("\"epochs\":1,", "");

    assertThatThrownBy(() -> read(json, TaskMessage.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("epochs");
  }

  @Test
  void outOfRangeValueIsRefusedWithFieldValueAndRange() {
    String json = text(messages.write(task())).replace("\"epochs\":1", "\"epochs\":100000");

    assertThatThrownBy(() -> read(json, TaskMessage.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("epochs (100000) must be in [1, 1000]");
  }

  @Test
  void nestedOutOfRangeValueNamesItsPath() {
    String json =
        text(messages.write(
                new DeviceStatus("pi-7", DeviceState.ONLINE, 1L, "0.1.0", 4, resources(), null)))
            .replace("\"batteryPercent\":80.0", "\"batteryPercent\":180.0");

    assertThatThrownBy(() -> read(json, DeviceStatus.class))
        .hasMessageContaining("resources.batteryPercent (180.0) must be in [0.0, 100.0]");
  }

  @Test
  void invalidPipelineInATaskIsRefusedWithThePipelineError() {
    String json =
        text(messages.write(task()))
            .replace("TopK(1%) + ErrorFeedback + Int4 + Rice + Zstd", "TopK(1%) + Int3");

    assertThatThrownBy(() -> read(json, TaskMessage.class))
        .hasMessageContaining("uploadPipeline: pipeline 'TopK(1%) + Int3', stage 'Int3'");
  }

  @Test
  void wrongTypesEnumsAndFractionsAreRefused() {
    String base = text(messages.write(task()));

    assertThatThrownBy(
            () -> read(base.replace("\"epochs\":1", "\"epochs\":1.5"), TaskMessage.class))
        .hasMessageContaining("epochs");
    assertThatThrownBy(() -> read(base.replace("\"sgd\"", "\"lbfgs\""), TaskMessage.class))
        .hasMessageContaining("optimizer");
    assertThatThrownBy(
            () -> read(base.replace("\"round\":3", "\"round\":\"x\""), TaskMessage.class))
        .hasMessageContaining("round");
  }

  @Test
  void oversizedStringsAndPayloadsAreRefusedBeforeParsing() {
    String longVersion =
        text(messages.write(DeviceStatus.offline("pi-7", 1L, "0.1.0", -1)))
            .replace("0.1.0", "v".repeat(100));

    assertThatThrownBy(() -> read(longVersion, DeviceStatus.class))
        .hasMessageContaining("clientVersion is 100 characters; at most 64");
    assertThatThrownBy(() -> messages.read(new byte[Messages.MAX_BYTES + 1], DeviceStatus.class))
        .hasMessageContaining("the limit is 16384");
  }

  @Test
  void malformedJsonDuplicateKeysAndTrailingGarbageAreRefused() {
    String ok = text(messages.write(new CoordinatorStatus("farm-1", true, 1L, 3, 2)));

    assertThatThrownBy(() -> read("{\"fleet\":", CoordinatorStatus.class))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> read(ok.replace("{", "{\"round\":1,"), CoordinatorStatus.class))
        .hasMessageContaining("round");
    assertThatThrownBy(() -> read(ok + " {}", CoordinatorStatus.class))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> read("null", CoordinatorStatus.class))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void onlineStatusWithoutResourcesIsRefused() {
    String json =
        "{\"deviceId\":\"pi-7\",\"state\":\"online\",\"timestampMillis\":1,"
            + "\"clientVersion\":\"0.1.0\",\"modelVersion\":-1}";

    assertThatThrownBy(() -> read(json, DeviceStatus.class))
        .hasMessageContaining("resources is missing; required unless state is offline");
  }

  private <T> T read(String json, Class<T> type) {
    return messages.read(json.getBytes(StandardCharsets.UTF_8), type);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
