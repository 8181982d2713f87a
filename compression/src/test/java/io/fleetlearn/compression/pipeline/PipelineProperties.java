package io.fleetlearn.compression.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.FrameHeader;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.quant.ValueCodec;
import io.fleetlearn.compression.quant.ValueCodecs;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Laws of whole pipelines, over every value codec: size as predicted, sparsity as asked. */
class PipelineProperties {

  @Provide
  Arbitrary<String> valueCodecs() {
    return Arbitraries.of(
        "Fp32",
        "Fp16",
        "Int8",
        "Int8(sym, channel)",
        "Int4(channel)",
        "Int2(sym)",
        "Int4(stochastic)",
        "Ternary",
        "Ternary(0.7)",
        "KMeans(2)",
        "KMeans(4)");
  }

  @Property(tries = 60)
  void denseBodySizeIsExactlyThePredictedSize(
      @ForAll("valueCodecs") String codec,
      @ForAll @IntRange(min = 1, max = 40) int in,
      @ForAll @IntRange(min = 1, max = 30) int hidden,
      @ForAll long seed) {
    Model m = TestModels.mlp(seed, in, hidden, 3);
    ValueCodec vc = ValueCodecs.parse(codec);

    EncodedBody body = Pipeline.parse(codec).encode(m, EncodeContext.plain());

    long predicted = 0;
    for (Tensor t : m.tensors()) {
      ByteWriter descriptor = new ByteWriter();
      vc.writeDescriptor(descriptor);
      int groups = BodyCodec.denseBounds(t.shape(), vc).length - 1;
      predicted += 1 + descriptor.position() + vc.payloadBytes(t.size(), groups);
    }
    assertThat((long) body.length()).isEqualTo(predicted);
  }

  @Property(tries = 60)
  void topKKeepsExactlyTheAskedShareOfEveryTensor(
      @ForAll @IntRange(min = 1, max = 500) int perMille,
      @ForAll @IntRange(min = 1, max = 60) int in,
      @ForAll long seed) {
    Model m = TestModels.mlp(seed, in, 20, 5);
    Ratio r = Ratio.of(perMille / 1000.0);
    byte[] frame =
        Pipeline.parse("TopK(" + r + ") + Rice + Zstd")
            .encodeFrame(FrameMeta.update(1, 1, Map.of()), m, EncodeContext.plain());
    List<Integer> kept = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();

    FrameHeader h =
        Frames.visit(
            frame,
            DecodeLimits.defaults(),
            new SectionSink() {
              @Override
              public void dense(int tensor, TensorInfo info, float[] values, int offset) {
                kept.add(info.shape().size());
              }

              @Override
              public void sparse(int tensor, TensorInfo info, int[] idx, float[] v, int count) {
                kept.add(count);
              }
            });

    for (TensorInfo info : h.tensors()) {
      expected.add(r.ceilOf(info.shape().size()));
    }
    assertThat(kept).isEqualTo(expected);
  }

  @Property(tries = 40)
  void visitingAFrameGivesTheSameValuesAsDecodingIt(
      @ForAll @IntRange(min = 1, max = 300) int perMille, @ForAll long seed) {
    Model m = TestModels.cnn(seed);
    Ratio r = Ratio.of(perMille / 1000.0);
    byte[] frame =
        Pipeline.parse("TopK(" + r + ") + Int8(channel)")
            .encodeFrame(FrameMeta.update(1, 1, Map.of()), m, EncodeContext.plain());
    Model decoded = Frames.decode(frame, DecodeLimits.defaults()).model();
    Model visited = m.zerosLike();

    Frames.visit(
        frame,
        DecodeLimits.defaults(),
        new SectionSink() {
          @Override
          public void dense(int tensor, TensorInfo info, float[] values, int offset) {
            Tensor t = visited.tensor(tensor);
            System.arraycopy(values, offset, t.array(), t.offset(), t.size());
          }

          @Override
          public void sparse(int tensor, TensorInfo info, int[] idx, float[] v, int count) {
            for (int i = 0; i < count; i++) {
              visited.tensor(tensor).set(idx[i], v[i]);
            }
          }
        });

    assertThat(visited.contentEquals(decoded)).isTrue();
  }
}
