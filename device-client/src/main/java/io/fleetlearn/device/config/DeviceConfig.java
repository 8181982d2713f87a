package io.fleetlearn.device.config;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.device.eligibility.Eligibility;
import io.fleetlearn.protocol.topic.Ids;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a device needs to run, validated. {@link ConfigLoader} reads it from a properties file
 * and the environment; tests and the simulator may build it directly.
 *
 * @param deviceId the device id (MQTT client id, topic segment)
 * @param fleet the fleet id (topic prefix {@code fl/{fleet}/})
 * @param brokerUri {@code tcp://host:port} or {@code ssl://host:port}
 * @param username broker user name, if the broker requires one
 * @param passwordFile a file holding the broker password (kept out of the config and environment)
 * @param tlsCaFile PEM file of the CA certificates to trust; required for {@code ssl://}
 * @param dataFolder where the device keeps its state (outbox, error-feedback residuals); nothing is
 *     written outside it
 * @param trainData the local training data
 * @param testData local held-out data for evaluation tasks, if any
 * @param eligibility when the device may train
 * @param statusInterval how often the retained status is refreshed
 * @param maxModelFrameBytes the largest model frame decoded; bigger frames are refused
 * @param maxPacketBytes the MQTT 5 Maximum Packet Size the device announces on connect: the broker
 *     drops anything larger instead of sending it
 * @param systemRoot the root the resource probes read {@code /proc} and {@code /sys} under
 * @param benchmark how long the compute benchmark runs at start
 * @param modelTimeout the longest wait for a model frame (the task's deadline bounds it too)
 */
public record DeviceConfig(
    String deviceId,
    String fleet,
    String brokerUri,
    Optional<String> username,
    Optional<Path> passwordFile,
    Optional<Path> tlsCaFile,
    Path dataFolder,
    DataFiles trainData,
    Optional<DataFiles> testData,
    Eligibility eligibility,
    Duration statusInterval,
    int maxModelFrameBytes,
    int maxPacketBytes,
    Path systemRoot,
    Duration benchmark,
    Duration modelTimeout) {

  /** Default model frame cap: 32 MB, an 8M-parameter dense model; a Pi Zero 2 W can hold it. */
  public static final int DEFAULT_MAX_MODEL_FRAME_BYTES = 32 << 20;

  /** Room for a PUBLISH packet's header and properties around a model frame. */
  public static final int PACKET_HEADROOM_BYTES = 64 << 10;

  public DeviceConfig {
    Ids.require("device.id", deviceId);
    Ids.require("fleet", fleet);
    Objects.requireNonNull(brokerUri, "broker.uri");
    if (!brokerUri.startsWith("tcp://") && !brokerUri.startsWith("ssl://")) {
      throw new IllegalArgumentException(
          "broker.uri ('" + brokerUri + "') must start with tcp:// or ssl://");
    }
    Objects.requireNonNull(username, "broker.username");
    Objects.requireNonNull(passwordFile, "broker.password.file");
    Objects.requireNonNull(tlsCaFile, "broker.tls.ca.file");
    if (brokerUri.startsWith("ssl://") && tlsCaFile.isEmpty()) {
      throw new IllegalArgumentException("broker.uri is ssl:// but broker.tls.ca.file is not set");
    }
    Objects.requireNonNull(dataFolder, "data.folder");
    Objects.requireNonNull(trainData, "train.*");
    Objects.requireNonNull(testData, "test.*");
    Objects.requireNonNull(eligibility, "eligibility.*");
    if (statusInterval.toMillis() < 100) {
      throw new IllegalArgumentException(
          "status.interval (" + statusInterval + ") must be at least 100 ms");
    }
    if (maxModelFrameBytes < 1024) {
      throw new IllegalArgumentException(
          "model.max.frame.bytes (" + maxModelFrameBytes + ") must be at least 1024");
    }
    if (maxPacketBytes < maxModelFrameBytes) {
      throw new IllegalArgumentException(
          "broker.max.packet.bytes ("
              + maxPacketBytes
              + ") must be at least model.max.frame.bytes ("
              + maxModelFrameBytes
              + "), or no model frame could arrive");
    }
    Objects.requireNonNull(systemRoot, "system.root");
    if (benchmark.isNegative() || benchmark.isZero()) {
      throw new IllegalArgumentException("benchmark (" + benchmark + ") must be > 0");
    }
    if (modelTimeout.isNegative() || modelTimeout.isZero()) {
      throw new IllegalArgumentException("model.timeout (" + modelTimeout + ") must be > 0");
    }
  }

  /**
   * The limits model frames are decoded with: the defaults, capped at {@code maxModelFrameBytes}.
   */
  public DecodeLimits decodeLimits() {
    DecodeLimits d = DecodeLimits.defaults();
    return d.withMaxFrameBytes(Math.min(d.maxFrameBytes(), maxModelFrameBytes));
  }

  /** Where the outbox keeps updates made offline. */
  public Path outboxFolder() {
    return dataFolder.resolve("outbox");
  }

  /** Where the last accepted global model is kept for local inference. */
  public Path modelFolder() {
    return dataFolder.resolve("model");
  }

  /** Where the error-feedback residuals are kept. */
  public Path residualFolder() {
    return dataFolder.resolve("residual");
  }
}
