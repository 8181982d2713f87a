package io.fleetlearn.coordinator.mqtt;

/**
 * A message the coordinator received.
 *
 * @param topic the topic it was published to
 * @param payload its bytes
 * @param retained whether the broker delivered it from its retained store
 */
public record InboundMessage(String topic, byte[] payload, boolean retained) {}
