package io.fleetlearn.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A top-k frame is folded sparse, without inflation, and gives what its dense decode gives. */
class SparseFoldTest {
  @Test
  void foldingATopKFrameEqualsFoldingItsDenseDecode() {
    SplittableRandom rng = new SplittableRandom(11);
    Model global = Model.flatZeros(List.of("w", "b"), List.of(Shape.of(100, 100), Shape.of(100)));
    for (Tensor t : global.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        t.set(i, (float) rng.nextGaussian());
      }
    }
    Pipeline p = Pipeline.parse("TopK(1%) + Int8");
    FedAvg s = TestModels.plain();
    FedAvgRound sparse = s.beginTrain(1, global, null);
    FedAvgRound dense = s.beginTrain(1, global, null);
    int[] sections = new int[2];
    for (int d = 0; d < 3; d++) {
      Model delta = global.zerosLike();
      for (Tensor t : delta.tensors()) {
        for (int i = 0; i < t.size(); i++) {
          t.set(i, (float) rng.nextGaussian());
        }
      }
      byte[] frame = p.encodeFrame(FrameMeta.update(1, 1, Map.of()), delta, EncodeContext.plain());
      UpdateData fromFrame = UpdateData.fromFrame(frame, DecodeLimits.defaults());
      fromFrame.visit(
          new SectionSink() {
            @Override
            public void dense(int tensor, TensorInfo info, float[] values, int offset) {
              sections[0]++;
            }

            @Override
            public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
              sections[1]++;
            }
          });
      Model decoded = Frames.decode(frame, DecodeLimits.defaults()).model();
      long samples = 100 + 50 * d;
      assertThat(sparse.offer(TrainResult.of("d-" + d, 1, samples, fromFrame)).accepted()).isTrue();
      assertThat(
              dense.offer(TrainResult.of("d-" + d, 1, samples, UpdateData.of(decoded))).accepted())
          .isTrue();
    }
    assertThat(sections[1]).as("sparse sections").isPositive();
    assertThat(sparse.partial().sum()).containsExactly(dense.partial().sum());
    assertThat(
            sparse
                .finish(List.of())
                .orElseThrow()
                .contentEquals(dense.finish(List.of()).orElseThrow()))
        .isTrue();
  }
}
