package io.fleetlearn.simulator.run;

import java.util.Locale;

/** How the virtual devices reach the coordinator. */
public enum TransportKind {
  /** Real MQTT: the coordinator's embedded HiveMQ, one Paho connection per device. */
  MQTT,
  /**
   * The in-process bus ({@link io.fleetlearn.simulator.bus.LocalBroker}): no broker, no sockets.
   */
  IN_PROCESS;

  /** {@code mqtt} or {@code in-process}, as on the command line. */
  public static TransportKind parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "mqtt" -> MQTT;
      case "in-process" -> IN_PROCESS;
      default ->
          throw new IllegalArgumentException(
              "--transport ('" + name + "') must be mqtt or in-process");
    };
  }

  @Override
  public String toString() {
    return this == MQTT ? "mqtt" : "in-process";
  }
}
