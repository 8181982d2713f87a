package io.fleetlearn.compression.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.Frame;
import io.fleetlearn.compression.frame.FrameKind;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineTest {
  private static final DecodeLimits LIMITS = DecodeLimits.defaults();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Fp32",
        "Fp16 + Deflate",
        "TopK(1%) + ErrorFeedback + Int4 + Rice + Deflate",
        "Width(50%) + Prune(50%) + Int8(channel) + Deflate",
        "ApproxTopK(0.5%, global) + Int8(sym) + Varint + Zstd",
        "RandomK(10%) + Int2(stochastic) + Bitmap",
        "Threshold(0.001) + Ternary",
        "LowRank(90%) + Fp16",
        "LowRank(8) + Int8",
        "Prune(30%, global) + KMeans(4) + Deflate(9)",
        "Ternary(0.7) + Zstd(19)"
      })
  void parse_printsTheSameCanonicalName(String name) {
    assertThat(Pipeline.parse(name).toString()).isEqualTo(name);
  }

  @Test
  void parse_namesTheOffendingStage() {
    assertThatThrownBy(() -> Pipeline.parse("TopK(1%) + Int9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'Int9'")
        .hasMessageContaining("known stages are");
    assertThatThrownBy(() -> Pipeline.parse("Int8 + Int4"))
        .hasMessageContaining("two value codecs");
    assertThatThrownBy(() -> Pipeline.parse("TopK(1%) + LowRank(4)"))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> Pipeline.parse("TopK(1%")).hasMessageContaining("unmatched '('");
    assertThatThrownBy(() -> Pipeline.parse("TopK(150%)")).hasMessageContaining("TopK(150%)");
  }

  @Test
  void losslessPipeline_roundTripsExactly() {
    Model m = TestModels.cnn(1);
    byte[] frame = Pipeline.parse("Fp32 + Deflate").encodeFrame(meta(), m, EncodeContext.plain());

    Frame decoded = Frames.decode(frame, LIMITS);

    assertThat(decoded.model().contentEquals(m)).isTrue();
    assertThat(decoded.header().pipeline()).isEqualTo("Fp32 + Deflate");
    assertThat(decoded.header().attributes()).containsEntry("device", "d-17");
    assertThat(decoded.storedBytes()).isEqualTo(frame.length);
  }

  @Test
  void topK_keepsExactlyTheAskedShareOfEachTensor() {
    Model m = TestModels.mlp(2, 200, 100, 10);

    Model decoded = roundTrip("TopK(1%) + Fp32", m);

    long expected = 0;
    for (Tensor t : m.tensors()) {
      expected += (t.size() + 99) / 100;
    }
    assertThat(TestModels.nonZeros(decoded)).isEqualTo(expected);
  }

  @Test
  void widthSlice_withoutChain_failsWithTheFix() {
    Pipeline p = Pipeline.parse("Width(50%) + Int8");
    assertThatThrownBy(() -> p.encode(TestModels.mlp(3, 8, 8, 2), EncodeContext.plain()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pass the model's LayerChain");
  }

  @Test
  void errorFeedback_losesNothingAcrossRounds() {
    // Sum of what was sent plus what is still held must equal the sum of the updates.
    Pipeline p = Presets.upload();
    Model first = TestModels.mlp(4, 64, 32, 10);
    ErrorFeedback ef = new ErrorFeedback(first.zerosLike());
    EncodeContext ctx = EncodeContext.plain().withFeedback(ef);
    Model sumUpdates = first.zerosLike();
    Model sumSent = first.zerosLike();

    for (int round = 0; round < 5; round++) {
      Model update = TestModels.mlp(100 + round, 64, 32, 10);
      byte[] frame = p.encodeFrame(meta(), update, ctx);
      add(sumUpdates, update);
      add(sumSent, Frames.decode(frame, LIMITS).model());
    }

    add(sumSent, ef.residual());
    assertThat(TestModels.relativeL2(sumUpdates, sumSent)).isCloseTo(0, within(1e-5));
  }

  @Test
  void uploadPreset_isOverAHundredTimesSmallerThanDense() {
    Model update = TestModels.mlp(5, 784, 256, 10);
    ErrorFeedback ef = new ErrorFeedback(update.zerosLike());

    byte[] frame =
        Presets.upload().encodeFrame(meta(), update, EncodeContext.plain().withFeedback(ef));

    assertThat((double) update.denseBytes() / frame.length).isGreaterThan(100);
  }

  private static Model roundTrip(String pipeline, Model m) {
    byte[] frame = Pipeline.parse(pipeline).encodeFrame(meta(), m, EncodeContext.plain());
    return Frames.decode(frame, LIMITS).model();
  }

  private static FrameMeta meta() {
    return new FrameMeta(FrameKind.UPDATE, 3, 2, "", Map.of("device", "d-17"));
  }

  private static void add(Model acc, Model x) {
    for (int i = 0; i < acc.size(); i++) {
      Tensor a = acc.tensor(i);
      Tensor b = x.tensor(i);
      for (int j = 0; j < a.size(); j++) {
        a.set(j, a.get(j) + b.get(j));
      }
    }
  }
}
