package io.fleetlearn.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.device.inference.ModelStore;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.fleetlearn.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model frames from the broker are untrusted: only a well-formed, finite model is used. */
class ModelFetcherTest {
  private static final ModelSpec MLP = ModelSpec.parse("mlp(4, 3, 2)");
  private static final Ratio FULL = Ratio.of(1);
  private static final Topics TOPICS = Topics.of("f");
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path folder;
  private ScriptedTransport transport;
  private ModelFetcher fetcher;

  @BeforeEach
  void setUp() {
    transport = new ScriptedTransport();
    fetcher =
        new ModelFetcher(
            transport, TOPICS, DecodeLimits.defaults(), new ModelStore(folder.resolve("model")));
  }

  @Test
  void fetch_returnsAFiniteModelAndHoldsIt() throws Exception {
    // Prepare
    Model good = MLP.initialize(3);
    retain(1, good);

    // Execute
    Model got = fetcher.fetch(1, "v", MLP, FULL, WAIT);

    // Assert
    assertThat(got.contentEquals(good)).isTrue();
    assertThat(fetcher.heldVersion()).isEqualTo(1);
  }

  @Test
  void fetch_refusesANaNWeight_namingTheTensor_evenWhenTheDecodeLimitsLetNaNThrough()
      throws Exception {
    // Prepare: limits that accept non-finite values (the fetcher must not depend on them);
    // version 1 is good, version 2 has one NaN in the second layer's weights
    fetcher =
        new ModelFetcher(
            transport,
            TOPICS,
            DecodeLimits.defaults().withRejectNonFinite(false),
            new ModelStore(folder.resolve("model")));
    retain(1, MLP.initialize(3));
    fetcher.fetch(1, "v", MLP, FULL, WAIT);
    Model bad = MLP.initialize(4);
    bad.tensor(2).set(5, Float.NaN);
    retain(2, bad);

    // Execute + Assert
    assertThatThrownBy(() -> fetcher.fetch(2, "v", MLP, FULL, WAIT))
        .isInstanceOf(RoundRefusal.class)
        .hasMessageStartingWith("model frame refused: " + TOPICS.model(2, "v"))
        .hasMessageContaining(
            "weights must be finite, found NaN at " + bad.tensor(2).name() + "[5]")
        .hasMessageContaining("1 non-finite of " + bad.parameterCount());
    assertThat(fetcher.heldVersion()).isEqualTo(1);
  }

  @Test
  void fetch_refusesAnInfiniteBias_atDecodeWithTheDefaultLimits() {
    // Prepare
    Model bad = MLP.initialize(5);
    bad.tensor(1).set(0, Float.NEGATIVE_INFINITY);
    retain(7, bad);

    // Execute + Assert
    assertThatThrownBy(() -> fetcher.fetch(7, "v", MLP, FULL, WAIT))
        .isInstanceOf(RoundRefusal.class)
        .hasMessageContaining(
            bad.tensor(1).name() + " value 0 is -Infinity; values must be finite");
    assertThat(fetcher.heldVersion()).isEqualTo(-1);
    assertThat(folder.resolve("model").resolve("latest.frame")).doesNotExist();
  }

  private void retain(long version, Model model) {
    byte[] frame =
        Pipeline.parse("Fp32")
            .encodeFrame(FrameMeta.model(version, "v"), model, EncodeContext.plain());
    transport.retained.put(TOPICS.model(version, "v"), frame);
  }
}
