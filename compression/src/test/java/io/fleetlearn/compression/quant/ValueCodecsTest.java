package io.fleetlearn.compression.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.sharing.WeightSharing;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValueCodecsTest {

  static Stream<ValueCodec> everyCodec() {
    List<ValueCodec> all = new ArrayList<>(TestCodecs.all());
    for (int bits = 1; bits <= 8; bits++) {
      all.add(WeightSharing.of(bits));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCodec")
  void everyCodecIsReadBackFromItsDescriptorAndItsToken(ValueCodec codec) {
    ByteWriter out = new ByteWriter();
    codec.writeDescriptor(out);

    ByteReader in = new ByteReader(out.array(), 0, out.position());
    ValueCodec fromWire = ValueCodecs.readDescriptor(in);

    in.expectEnd("descriptor");
    assertThat(fromWire).hasToString(codec.toString());
    assertThat(ValueCodecs.parse(codec.toString())).hasToString(codec.toString());
  }

  @Test
  void unknownTagIsRefusedWithTheTagNamed() {
    assertThatThrownBy(() -> ValueCodecs.readDescriptor(new ByteReader(new byte[] {9})))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("value codec tag 9 is unknown");
  }

  @Test
  void unknownTokenListsTheKnownOnes() {
    assertThatThrownBy(() -> ValueCodecs.parse("Int3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Int3' is not a value codec")
        .hasMessageContaining("KMeans(bits)");
    assertThatThrownBy(() -> ValueCodecs.parse("Fp16(sym)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Fp16 takes no arguments");
  }
}
