package io.fleetlearn.simulator.bus;

/**
 * A bus operation failed, with the MQTT 5 reason code a broker would have sent (0x80 and above) or
 * the client-side code Paho would have reported (32000 and above), so the transports above map it
 * as they map Paho's.
 */
public final class BusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** MQTT 5: the client may not publish or subscribe there. */
  public static final int NOT_AUTHORIZED = 0x87;

  /** MQTT 5: the broker is shutting down. */
  public static final int SERVER_SHUTTING_DOWN = 0x8B;

  /** MQTT 5: another connection took this client id's session over. */
  public static final int SESSION_TAKEN_OVER = 0x8E;

  /** MQTT 5: the topic filter is not valid. */
  public static final int TOPIC_FILTER_INVALID = 0x8F;

  /** MQTT 5: the packet is over the broker's Maximum Packet Size. */
  public static final int PACKET_TOO_LARGE = 0x95;

  /** Paho's code for an operation on a client that is not connected. */
  public static final int NOT_CONNECTED = 32104;

  /** Paho's code for a connection that was lost. */
  public static final int CONNECTION_LOST = 32109;

  private final int reasonCode;

  public BusException(int reasonCode, String message) {
    super(message);
    this.reasonCode = reasonCode;
  }

  /** The MQTT 5 reason code or Paho client code. */
  public int reasonCode() {
    return reasonCode;
  }
}
