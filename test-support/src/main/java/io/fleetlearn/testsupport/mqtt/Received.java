package io.fleetlearn.testsupport.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * One message a {@link MqttProbe} received.
 *
 * @param topic where it came from
 * @param payload its bytes (not copied: tests only read them)
 * @param retained whether the broker delivered it as a retained message
 * @param nanos when it arrived, on {@link System#nanoTime()}'s clock (for rate measurements)
 */
public record Received(String topic, byte[] payload, boolean retained, long nanos) {
  /** The payload as UTF-8 text. */
  public String text() {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
