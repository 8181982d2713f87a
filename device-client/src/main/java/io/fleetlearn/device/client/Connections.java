package io.fleetlearn.device.client;

import io.fleetlearn.device.config.DeviceConfig;
import io.fleetlearn.device.transport.PahoSettings;
import io.fleetlearn.device.transport.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Turns the device's config into the Paho transport's settings. */
final class Connections {
  /** A password file is a secret of a few bytes; anything bigger is a wrong path. */
  private static final long MAX_PASSWORD_FILE_BYTES = 4096;

  private Connections() {}

  /** Client id = device id; credentials and TLS when configured. */
  static PahoSettings settings(DeviceConfig config) throws IOException {
    PahoSettings settings =
        PahoSettings.of(config.brokerUri(), config.deviceId())
            .withMaximumPacketSize(config.maxPacketBytes());
    if (config.username().isPresent()) {
      byte[] password = new byte[0];
      if (config.passwordFile().isPresent()) {
        var file = config.passwordFile().get();
        if (Files.size(file) > MAX_PASSWORD_FILE_BYTES) {
          throw new IOException(
              "broker.password.file " + file + " is over " + MAX_PASSWORD_FILE_BYTES + " bytes");
        }
        password = Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
      }
      settings = settings.withCredentials(config.username().get(), password);
    }
    if (config.tlsCaFile().isPresent()) {
      settings = settings.withTls(TlsSettings.caFile(config.tlsCaFile().get()));
    }
    return settings;
  }
}
