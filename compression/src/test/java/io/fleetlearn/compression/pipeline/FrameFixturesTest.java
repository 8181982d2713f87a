package io.fleetlearn.compression.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Frames written by a released version must decode forever, to exactly the same values. */
class FrameFixturesTest {

  static Stream<FrameFixtures.Case> cases() {
    return FrameFixtures.CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void releasedV1FramesStillDecodeToTheRecordedHeaderAndValues(FrameFixtures.Case c)
      throws IOException {
    byte[] frame = resource(c.name() + ".flfr").readAllBytes();
    Properties want = new Properties();
    try (InputStream in = resource(c.name() + ".properties")) {
      want.load(in);
    }

    Frame f = Frames.decode(frame, DecodeLimits.defaults());

    assertThat(FrameFixtures.expected(f)).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void todaysEncoderStillProducesFramesThatDecodeLikeTheFixture(FrameFixtures.Case c)
      throws IOException {
    Properties want = new Properties();
    try (InputStream in = resource(c.name() + ".properties")) {
      want.load(in);
    }

    Frame f = Frames.decode(FrameFixtures.encode(c), DecodeLimits.defaults());

    // Encoders may get better, so only the layout is pinned; the values are pinned above.
    Properties got = FrameFixtures.expected(f);
    got.remove("valuesSha256");
    want.remove("valuesSha256");
    assertThat(got).isEqualTo(want);
  }

  private static InputStream resource(String name) {
    InputStream in =
        FrameFixturesTest.class
            .getClassLoader()
            .getResourceAsStream(FrameFixtures.VERSION_DIR + "/" + name);
    assertThat(in).as("fixture %s/%s", FrameFixtures.VERSION_DIR, name).isNotNull();
    return in;
  }
}
