package io.fleetlearn.simulator.bus;

/**
 * A message the bus hands to a client.
 *
 * @param topic the topic it was published to
 * @param payload its bytes (shared, not copied: receivers must not change them)
 * @param retained whether it came from the retained store (on subscribe), not live
 * @param duplicate whether it was handed over before and not acknowledged (MQTT's DUP)
 * @param ack acknowledges it (QoS 1's PUBACK); until then the session redelivers it on the next
 *     connection; does nothing for QoS 0
 */
public record Delivery(
    String topic, byte[] payload, boolean retained, boolean duplicate, Runnable ack) {}
