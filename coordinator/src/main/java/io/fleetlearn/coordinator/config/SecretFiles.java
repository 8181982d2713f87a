package io.fleetlearn.coordinator.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads secrets from files: {@code MQTT_PASSWORD_FILE=/run/secrets/mqtt-password} sets {@code
 * MQTT_PASSWORD} to that file's content. Kubernetes mounts a Secret as read-only files, and a
 * secret in a file stays out of the process environment, which child processes inherit and crash
 * reports print.
 */
final class SecretFiles {
  /** The keys that may come from a file, as {@code KEY_FILE}. */
  static final List<String> KEYS =
      List.of("MQTT_PASSWORD", "DEVICE_PASSWORD", "DEVICE_CREDENTIALS", "API_TOKEN");

  /** The largest secret file read: per-device credentials of a large fleet fit, a log does not. */
  static final long MAX_BYTES = 4L << 20;

  private SecretFiles() {}

  /** The {@code KEY_FILE} names, for the stores that must let them through. */
  static List<String> fileKeys() {
    return KEYS.stream().map(k -> k + "_FILE").toList();
  }

  /**
   * Returns {@code json} with each {@code KEY_FILE} replaced by {@code KEY} = the file's content
   * (one trailing line break removed: {@code echo secret > file} must not change the secret).
   *
   * @throws ConfigException if both {@code KEY} and {@code KEY_FILE} are set, or the file is
   *     missing, unreadable, larger than {@link #MAX_BYTES} or not UTF-8
   */
  static JsonObject resolve(JsonObject json) {
    JsonObject out = json.copy();
    for (String key : KEYS) {
      String fileKey = key + "_FILE";
      Object file = out.remove(fileKey);
      if (file == null || file.toString().isBlank()) {
        continue;
      }
      Object direct = out.getValue(key);
      if (direct != null && !direct.toString().isBlank()) {
        throw new ConfigException(
            "both "
                + key
                + " and "
                + fileKey
                + " ("
                + file
                + ") are set; set one, so that it is clear which secret is used");
      }
      out.put(key, read(fileKey, Path.of(file.toString().trim())));
    }
    return out;
  }

  private static String read(String fileKey, Path path) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (IOException e) {
      throw new ConfigException(
          fileKey + " (" + path + ") cannot be read: " + e.getClass().getSimpleName());
    }
    if (bytes.length > MAX_BYTES) {
      throw new ConfigException(
          fileKey
              + " ("
              + path
              + ") is larger than "
              + MAX_BYTES
              + " bytes; is it the right file?");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(fileKey + " (" + path + ") is not UTF-8 text");
    }
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }
}
