package io.fleetlearn.protocol.message;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile payloads: whatever arrives, only a ProtocolException (or a valid message) comes out. */
class MessagesFuzzProperties {
  private final Messages messages = new Messages();

  @Provide
  Arbitrary<byte[]> mutatedTasks() {
    byte[] valid = messages.write(MessagesTest.task());
    return Combinators.combine(
            Arbitraries.integers().between(0, valid.length - 1),
            Arbitraries.integers().between(0, 255),
            Arbitraries.integers().between(1, valid.length))
        .as(
            (at, value, cut) -> {
              byte[] b = java.util.Arrays.copyOf(valid, cut);
              if (at < b.length) {
                b[at] = (byte) (int) value;
              }
              return b;
            });
  }

  @Property(tries = 2000)
  void mutatedTaskYieldsAValidTaskOrAProtocolException(@ForAll("mutatedTasks") byte[] payload) {
    try {
      messages.read(payload, TaskMessage.class);
    } catch (ProtocolException expected) {
      // the only failure allowed
    }
  }

  @Property(tries = 500)
  void randomTextYieldsOnlyAProtocolException(@ForAll String text) {
    try {
      messages.read(text.getBytes(StandardCharsets.UTF_8), DeviceStatus.class);
    } catch (ProtocolException expected) {
      // the only failure allowed
    }
  }
}
