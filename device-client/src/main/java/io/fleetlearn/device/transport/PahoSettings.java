package io.fleetlearn.device.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link PahoTransport} connects.
 *
 * @param serverUri {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId the MQTT client id (the device id: a persistent session is keyed by it)
 * @param sessionExpiry how long the broker keeps the session (and queued QoS 1 tasks) while the
 *     device is offline; above zero because Paho's default of 0 loses everything
 * @param keepAlive MQTT keep-alive
 * @param timeout how long to wait for CONNACK, PUBACK or SUBACK
 * @param userName user name, if the broker requires one
 * @param password password bytes, if any (not copied)
 * @param tls TLS trust settings; required for {@code ssl://}
 * @param maximumPacketSize the largest packet this client accepts, sent as the MQTT 5 Maximum
 *     Packet Size on connect: the broker drops (rather than sends) anything larger, so a huge
 *     retained message cannot make the device allocate it
 */
public record PahoSettings(
    String serverUri,
    String clientId,
    Duration sessionExpiry,
    Duration keepAlive,
    Duration timeout,
    Optional<String> userName,
    Optional<byte[]> password,
    Optional<TlsSettings> tls,
    int maximumPacketSize) {
  /** The model frame cap's default (32 MiB) plus room for the PUBLISH header and properties. */
  public static final int DEFAULT_MAXIMUM_PACKET_SIZE = (32 << 20) + (64 << 10);

  /** MQTT's own limit: a 4-byte remaining length plus the 5-byte fixed header. */
  public static final int MQTT_MAXIMUM_PACKET_SIZE = 268_435_460;

  public PahoSettings {
    Objects.requireNonNull(serverUri, "serverUri");
    Objects.requireNonNull(clientId, "clientId");
    if (clientId.isEmpty()) {
      throw new IllegalArgumentException("clientId must not be empty");
    }
    if (sessionExpiry.getSeconds() < 1 || sessionExpiry.getSeconds() > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("sessionExpiry must be 1 s .. 2^32-1 s: " + sessionExpiry);
    }
    if (keepAlive.isNegative() || keepAlive.getSeconds() > 0xFFFF) {
      throw new IllegalArgumentException("keepAlive must be 0 .. 65535 s: " + keepAlive);
    }
    if (timeout.getSeconds() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 s: " + timeout);
    }
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(tls, "tls");
    if (maximumPacketSize < 1024 || maximumPacketSize > MQTT_MAXIMUM_PACKET_SIZE) {
      throw new IllegalArgumentException(
          "maximumPacketSize ("
              + maximumPacketSize
              + ") must be in [1024, "
              + MQTT_MAXIMUM_PACKET_SIZE
              + "]");
    }
  }

  /** Session expiry 1 day, keep-alive 30 s, timeout 30 s, no credentials, no TLS. */
  public static PahoSettings of(String serverUri, String clientId) {
    return new PahoSettings(
        serverUri,
        clientId,
        Duration.ofDays(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_MAXIMUM_PACKET_SIZE);
  }

  /** With another Maximum Packet Size for what this client receives. */
  public PahoSettings withMaximumPacketSize(int bytes) {
    return new PahoSettings(
        serverUri, clientId, sessionExpiry, keepAlive, timeout, userName, password, tls, bytes);
  }

  /** With another session expiry. */
  public PahoSettings withSessionExpiry(Duration expiry) {
    return new PahoSettings(
        serverUri,
        clientId,
        expiry,
        keepAlive,
        timeout,
        userName,
        password,
        tls,
        maximumPacketSize);
  }

  /** With another operation timeout. */
  public PahoSettings withTimeout(Duration t) {
    return new PahoSettings(
        serverUri,
        clientId,
        sessionExpiry,
        keepAlive,
        t,
        userName,
        password,
        tls,
        maximumPacketSize);
  }

  /** With user name and password. */
  public PahoSettings withCredentials(String user, byte[] pass) {
    return new PahoSettings(
        serverUri,
        clientId,
        sessionExpiry,
        keepAlive,
        timeout,
        Optional.of(user),
        Optional.of(pass),
        tls,
        maximumPacketSize);
  }

  /** With TLS trust settings. */
  public PahoSettings withTls(TlsSettings t) {
    return new PahoSettings(
        serverUri,
        clientId,
        sessionExpiry,
        keepAlive,
        timeout,
        userName,
        password,
        Optional.of(t),
        maximumPacketSize);
  }

  @Override
  public String toString() {
    // The password never goes into a log line.
    return "PahoSettings["
        + serverUri
        + ", clientId="
        + clientId
        + ", sessionExpiry="
        + sessionExpiry
        + ", user="
        + userName.orElse("-")
        + ", tls="
        + tls.isPresent()
        + "]";
  }
}
