/**
 * The device's MQTT side: a small {@link io.fleetlearn.device.transport.Transport} interface of
 * ours with a Paho MQTT 5 implementation, a {@link
 * io.fleetlearn.device.transport.ReconnectSupervisor} with jittered exponential back-off (Paho's
 * own reconnect shares one static delay across a JVM), and an on-disk {@link
 * io.fleetlearn.device.transport.Outbox} for updates made while offline (design.md, "MQTT" and
 * "Reliability rules").
 */
package io.fleetlearn.device.transport;
