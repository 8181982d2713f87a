package io.fleetlearn.coordinator.mqtt;

/**
 * A message the coordinator received.
 *
 * @param topic the topic it was published to
 * @param payload its bytes
 * @param retained whether the broker delivered it from its retained store
 * @param ack its acknowledgement to the broker: sent after the handler returns unless deferred
 */
public record InboundMessage(String topic, byte[] payload, boolean retained, Ack ack) {

  /** A message whose acknowledgement needs nothing from the handler. */
  public InboundMessage(String topic, byte[] payload, boolean retained) {
    this(topic, payload, retained, Ack.none());
  }
}
