/**
 * The in-process transport: {@link io.fleetlearn.simulator.bus.LocalBroker}, a message bus in the
 * simulator's JVM that keeps the MQTT 5 semantics the device client and the coordinator rely on
 * (QoS 1 with acknowledgements and redelivery, persistent sessions, retained messages, message
 * expiry, wildcards, wills, packet size limits, the topic rules), with {@link
 * io.fleetlearn.simulator.bus.LocalDeviceTransport} and {@link
 * io.fleetlearn.simulator.bus.LocalCoordinatorLink} in place of Paho on either side. No sockets and
 * no client threads per device: fleets far larger than one process's MQTT connections allow.
 */
package io.fleetlearn.simulator.bus;
