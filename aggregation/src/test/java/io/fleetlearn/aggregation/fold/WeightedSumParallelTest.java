package io.fleetlearn.aggregation.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Sharing large runs with a second thread gives exactly the sequential sums. */
class WeightedSumParallelTest {
  static final ExecutorService POOL = Executors.newSingleThreadExecutor();
  static final int N = 5 * Kernels.DENSE_CHUNK + 123;
  static final List<TensorInfo> LAYOUT =
      List.of(new TensorInfo("small", Shape.of(10)), new TensorInfo("big", Shape.of(N)));

  @AfterAll
  static void shutdown() {
    POOL.shutdownNow();
  }

  static UpdateData dense(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] small = new float[10];
    float[] big = new float[N];
    for (int i = 0; i < N; i++) {
      big[i] = (float) rng.nextGaussian();
    }
    return UpdateData.of(
        Model.of(Tensor.of("small", Shape.of(10), small), Tensor.of("big", Shape.of(N), big)));
  }

  static UpdateData sparse(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int count = 7007;
    int[] idx = new int[count];
    float[] v = new float[count];
    int stride = N / count;
    for (int i = 0; i < count; i++) {
      idx[i] = i * stride + rng.nextInt(stride);
      v[i] = (float) rng.nextGaussian();
    }
    return new UpdateData() {
      @Override
      public List<TensorInfo> tensors() {
        return LAYOUT;
      }

      @Override
      public void visit(SectionSink sink) {
        sink.dense(0, LAYOUT.get(0), new float[10], 0);
        sink.sparse(1, LAYOUT.get(1), idx, v, count);
      }
    };
  }

  static double[] fold(WeightedSum s) {
    for (int u = 0; u < 6; u++) {
      s.add(u % 2 == 0 ? dense(u) : sparse(u), 1 + u * 0.37);
    }
    WeightedSum other = new WeightedSum(LAYOUT, null);
    other.add(dense(99), 2.5);
    s.merge(other.snapshot());
    return s.snapshot().sum();
  }

  @Test
  void aSharedFoldEqualsTheSequentialOneBitForBit() {
    double[] sequential = fold(new WeightedSum(LAYOUT, null));
    assertThat(fold(new WeightedSum(LAYOUT, POOL))).isEqualTo(sequential);
    assertThat(fold(new WeightedSum(LAYOUT))).isEqualTo(sequential);
  }

  @Test
  void anExecutorThatRefusesWorkLeavesTheCallerToFoldEverything() {
    double[] sequential = fold(new WeightedSum(LAYOUT, null));
    WeightedSum refusing =
        new WeightedSum(
            LAYOUT,
            r -> {
              throw new RejectedExecutionException("full");
            });
    assertThat(fold(refusing)).isEqualTo(sequential);
  }

  @Test
  void aHelperThatStartsLateFindsNothingLeftAndTheSumIsComplete() {
    double[] sequential = fold(new WeightedSum(LAYOUT, null));
    // The helper runs only after the caller is done: by then every chunk is taken.
    java.util.List<Runnable> late = new java.util.ArrayList<>();
    WeightedSum s = new WeightedSum(LAYOUT, late::add);
    assertThat(fold(s)).isEqualTo(sequential);
    late.forEach(Runnable::run);
    assertThat(s.snapshot().sum()).isEqualTo(sequential);
  }
}
