package io.fleetlearn.device.transport;

import java.util.Map;

/**
 * An MQTT operation failed. {@link #reasonCode()} is the MQTT 5 reason code the broker sent (0x80
 * and above), or a client-side code of Paho's (32000 and above: timeouts, lost connections), or
 * {@link #CLIENT_ERROR} for errors of ours.
 */
public final class TransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure detected on our side without any MQTT reason code. */
  public static final int CLIENT_ERROR = -1;

  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(0x80, "unspecified error"),
          Map.entry(0x81, "malformed packet"),
          Map.entry(0x82, "protocol error"),
          Map.entry(0x83, "implementation specific error"),
          Map.entry(0x84, "unsupported protocol version"),
          Map.entry(0x85, "client identifier not valid"),
          Map.entry(0x86, "bad user name or password"),
          Map.entry(0x87, "not authorized"),
          Map.entry(0x88, "server unavailable"),
          Map.entry(0x89, "server busy"),
          Map.entry(0x8A, "banned"),
          Map.entry(0x8B, "server shutting down"),
          Map.entry(0x8C, "bad authentication method"),
          Map.entry(0x8D, "keep alive timeout"),
          Map.entry(0x8E, "session taken over"),
          Map.entry(0x8F, "topic filter invalid"),
          Map.entry(0x90, "topic name invalid"),
          Map.entry(0x93, "receive maximum exceeded"),
          Map.entry(0x95, "packet too large"),
          Map.entry(0x96, "message rate too high"),
          Map.entry(0x97, "quota exceeded"),
          Map.entry(0x98, "administrative action"),
          Map.entry(0x99, "payload format invalid"),
          Map.entry(0x9A, "retain not supported"),
          Map.entry(0x9B, "QoS not supported"),
          Map.entry(0x9C, "use another server"),
          Map.entry(0x9D, "server moved"),
          Map.entry(0x9F, "connection rate exceeded"),
          Map.entry(0xA0, "maximum connect time"),
          Map.entry(0xA2, "wildcard subscriptions not supported"));

  private final int reasonCode;
  private final String reason;

  /** A failure with a reason code and the operation that failed ("publish to t", "connect"). */
  public TransportException(String operation, int reasonCode, String detail, Throwable cause) {
    super(operation + " failed: " + describe(reasonCode, detail), cause);
    this.reasonCode = reasonCode;
    this.reason = describe(reasonCode, detail);
  }

  /** The MQTT or Paho reason code, or {@link #CLIENT_ERROR}. */
  public int reasonCode() {
    return reasonCode;
  }

  /** The reason as text, e.g. {@code "0x87 not authorized"}. */
  public String reason() {
    return reason;
  }

  /** The MQTT 5 name of a broker reason code, or {@code null} when it is not one. */
  static String mqttReasonName(int code) {
    return REASONS.get(code);
  }

  private static String describe(int code, String detail) {
    String name = REASONS.get(code);
    String head =
        code == CLIENT_ERROR
            ? "client error"
            : code <= 0xFF
                ? String.format("0x%02X %s", code, name == null ? "error" : name)
                : "" + code;
    return detail == null || detail.isBlank() ? head : head + " (" + detail + ")";
  }
}
