package io.fleetlearn.aggregation.bench;

import io.fleetlearn.aggregation.fold.WeightedSum;
import io.fleetlearn.aggregation.strategy.FedAvg;
import io.fleetlearn.aggregation.strategy.FedAvgRound;
import io.fleetlearn.aggregation.strategy.SamplePolicy;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Folding updates of a 1M-parameter model: the plain float sum {@code acc[i] += x[i]} over the
 * dense updates (the bandwidth baseline), {@link WeightedSum}'s dense fold (split over two threads,
 * and on the caller only), FedAvg's whole {@code offer} (checks and fold), and the fold of top-1%
 * sparse updates (on the caller: sharing it measured slower). Scores are milliseconds per update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FoldBench {
  static final int PARAMS = 1_000_000;
  static final int DENSE_UPDATES = 100;
  static final int SPARSE_UPDATES = 1000;
  static final int KEPT = PARAMS / 100;
  static final List<TensorInfo> LAYOUT = List.of(new TensorInfo("w", Shape.of(1000, 1000)));

  float[][] dense;
  UpdateData[] denseUpdates;
  UpdateData[] sparseUpdates;
  float[] acc;
  WeightedSum parallel;
  WeightedSum sequential;
  Model global;
  FedAvg fedAvg;

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(1);
    dense = new float[DENSE_UPDATES][PARAMS];
    denseUpdates = new UpdateData[DENSE_UPDATES];
    for (int u = 0; u < DENSE_UPDATES; u++) {
      for (int i = 0; i < PARAMS; i++) {
        dense[u][i] = (float) rng.nextGaussian() * 0.01f;
      }
      denseUpdates[u] = UpdateData.of(Model.of(Tensor.of("w", Shape.of(1000, 1000), dense[u])));
    }
    sparseUpdates = new UpdateData[SPARSE_UPDATES];
    for (int u = 0; u < SPARSE_UPDATES; u++) {
      sparseUpdates[u] = sparse(rng);
    }
    acc = new float[PARAMS];
    parallel = new WeightedSum(LAYOUT);
    sequential = new WeightedSum(LAYOUT, null);
    global = Model.of(Tensor.zeros("w", Shape.of(1000, 1000)));
    fedAvg = FedAvg.builder().optSamplePolicy(SamplePolicy.absolute(1000)).build();
  }

  /** Top-1%-like: {@code KEPT} distinct ascending indices, as a decoded TopK frame holds them. */
  static UpdateData sparse(SplittableRandom rng) {
    int[] idx = new int[KEPT];
    float[] values = new float[KEPT];
    int stride = PARAMS / KEPT;
    for (int i = 0; i < KEPT; i++) {
      idx[i] = i * stride + rng.nextInt(stride);
      values[i] = (float) rng.nextGaussian();
    }
    return new UpdateData() {
      @Override
      public List<TensorInfo> tensors() {
        return LAYOUT;
      }

      @Override
      public void visit(SectionSink sink) {
        sink.sparse(0, LAYOUT.get(0), idx, values, KEPT);
      }
    };
  }

  @Benchmark
  @OperationsPerInvocation(DENSE_UPDATES)
  public float floatSumBaseline() {
    float[] a = acc;
    for (float[] x : dense) {
      for (int i = 0; i < a.length; i++) {
        a[i] += x[i];
      }
    }
    return a[7];
  }

  @Benchmark
  @OperationsPerInvocation(DENSE_UPDATES)
  public long denseFold() {
    for (UpdateData u : denseUpdates) {
      parallel.add(u, 500);
    }
    return parallel.updates();
  }

  @Benchmark
  @OperationsPerInvocation(DENSE_UPDATES)
  public long denseFoldOneThread() {
    for (UpdateData u : denseUpdates) {
      sequential.add(u, 500);
    }
    return sequential.updates();
  }

  @Benchmark
  @OperationsPerInvocation(DENSE_UPDATES)
  public int denseOffer() {
    FedAvgRound round = fedAvg.beginTrain(1, global, null);
    for (int u = 0; u < DENSE_UPDATES; u++) {
      round.offer(TrainResult.of("d-" + u, 1, 500, denseUpdates[u]));
    }
    return round.accepted();
  }

  @Benchmark
  @OperationsPerInvocation(SPARSE_UPDATES)
  public long sparseFold() {
    for (UpdateData u : sparseUpdates) {
      parallel.add(u, 500);
    }
    return parallel.updates();
  }
}
