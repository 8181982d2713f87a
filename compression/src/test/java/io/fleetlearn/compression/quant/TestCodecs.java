package io.fleetlearn.compression.quant;

import io.fleetlearn.compression.coding.ByteReader;
import java.util.ArrayList;
import java.util.List;

/** Every codec and option combination, read back through the ValueCodecs registry. */
final class TestCodecs {
  private TestCodecs() {}

  static List<ValueCodec> all() {
    List<ValueCodec> all = new ArrayList<>();
    all.add(Fp32.INSTANCE);
    all.add(Fp16.INSTANCE);
    for (int bits : new int[] {8, 4, 2}) {
      for (int flags = 0; flags < 8; flags++) {
        all.add(AffineQuantizer.of(bits, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0));
      }
    }
    all.add(Ternary.SIGNS);
    for (float t : new float[] {0f, 0.3f, 0.5f, 0.7f, 1f}) {
      all.add(Ternary.thresholded(t));
    }
    return all;
  }

  static ValueCodec readDescriptor(ByteReader in) {
    return ValueCodecs.readDescriptor(in);
  }

  static int tagOf(ValueCodec codec) {
    if (codec instanceof Fp32) {
      return Fp32.TAG;
    } else if (codec instanceof Fp16) {
      return Fp16.TAG;
    } else if (codec instanceof AffineQuantizer) {
      return AffineQuantizer.TAG;
    }
    return Ternary.TAG;
  }

  static ValueCodec parseLike(ValueCodec codec, String token) {
    return ValueCodecs.parse(token);
  }
}
