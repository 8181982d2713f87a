package io.fleetlearn.simulator.device;

import io.fleetlearn.device.config.DataFiles;
import io.fleetlearn.device.config.DeviceConfig;
import io.fleetlearn.device.eligibility.Eligibility;
import io.fleetlearn.simulator.data.IdxPair;
import io.fleetlearn.simulator.fleet.FleetMember;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A virtual device's folder: {@code shard/} with its training (and test) examples as IDX files,
 * {@code root/} with its {@code /proc} and {@code /sys}, {@code data/} for the client's own state,
 * and the client configuration pointing at them, as on a Pi.
 *
 * @param config the device client's configuration
 * @param system its system root
 */
record DeviceLayout(DeviceConfig config, SystemRoot system) {

  static DeviceLayout write(
      FleetMember member,
      VirtualDevice.Connection connection,
      Path folder,
      IdxPair shard,
      IdxPair test,
      VirtualDevice.Tuning tuning)
      throws IOException {
    Path data = Files.createDirectories(folder.resolve("shard"));
    Path images = data.resolve("train-images.idx");
    Path labels = data.resolve("train-labels.idx");
    shard.write(images, labels);
    Optional<DataFiles> testFiles = Optional.empty();
    if (test.size() > 0) {
      Path testImages = data.resolve("test-images.idx");
      Path testLabels = data.resolve("test-labels.idx");
      test.write(testImages, testLabels);
      testFiles = Optional.of(DataFiles.idx(testImages, testLabels, 10));
    }
    SystemRoot system = SystemRoot.write(folder.resolve("root"), member.profile());
    Eligibility rules =
        new Eligibility(
            false,
            member.profile().battery() == null ? null : VirtualDevice.MIN_BATTERY_PERCENT,
            null,
            null,
            null);
    DeviceConfig config =
        new DeviceConfig(
            member.deviceId(),
            connection.fleet(),
            connection.brokerUri(),
            Optional.of(member.deviceId()),
            Optional.of(connection.passwordFile()),
            connection.caFile(),
            Files.createDirectories(folder.resolve("data")),
            DataFiles.idx(images, labels, 10),
            testFiles,
            rules,
            tuning.statusInterval(),
            DeviceConfig.DEFAULT_MAX_MODEL_FRAME_BYTES,
            DeviceConfig.DEFAULT_MAX_MODEL_FRAME_BYTES + DeviceConfig.PACKET_HEADROOM_BYTES,
            system.root(),
            tuning.benchmark(),
            Duration.ofMinutes(2));
    return new DeviceLayout(config, system);
  }
}
