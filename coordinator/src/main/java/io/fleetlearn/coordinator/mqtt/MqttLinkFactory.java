package io.fleetlearn.coordinator.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Opens the coordinator's {@link MqttLink}. The default is {@link PahoMqttLink#connect}, a real
 * MQTT connection; the simulator passes an in-process one, so the same engine runs without a broker
 * or sockets.
 */
@FunctionalInterface
public interface MqttLinkFactory {
  /** Connects as {@code settings} say; the link's futures complete on the calling context. */
  Future<MqttLink> connect(Vertx vertx, LinkSettings settings);
}
