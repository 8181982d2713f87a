package io.fleetlearn.aggregation.fold;

import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small models, random (narrow, sparse) updates, and a by-hand reference of the weighted mean. */
final class FoldFixtures {
  static final Pipeline SPARSE = Pipeline.parse("TopK(10%) + Fp32");
  static final List<Ratio> WIDTHS =
      List.of(Ratio.of(1.0), Ratio.of(0.75), Ratio.of(0.5), Ratio.of(0.25));

  private FoldFixtures() {}

  /** An MLP 6 -> 16 -> 12 -> 4 with biases. */
  static Model mlp() {
    return zeros(
        List.of("fc1.w", "fc1.b", "fc2.w", "fc2.b", "out.w", "out.b"),
        List.of(
            Shape.of(16, 6),
            Shape.of(16),
            Shape.of(12, 16),
            Shape.of(12),
            Shape.of(4, 12),
            Shape.of(4)));
  }

  /** conv 8x1x5x5, conv 16x8x5x5, linear 32x(16*4*4) reading the flattened conv output, 10x32. */
  static Model cnn() {
    return zeros(
        List.of("conv1.w", "conv1.b", "conv2.w", "conv2.b", "fc1.w", "fc1.b", "fc2.w", "fc2.b"),
        List.of(
            Shape.of(8, 1, 5, 5),
            Shape.of(8),
            Shape.of(16, 8, 5, 5),
            Shape.of(16),
            Shape.of(32, 16 * 4 * 4),
            Shape.of(32),
            Shape.of(10, 32),
            Shape.of(10)));
  }

  static Model zeros(List<String> names, List<Shape> shapes) {
    return Model.flatZeros(names, shapes);
  }

  /** The plan slicing {@code full} to {@code width}, with the chain inferred from the model. */
  static SlicePlan plan(Model full, Ratio width) {
    return SlicePlan.of(LayerChain.sequential(full), full.names(), full.shapes(), width);
  }

  /** A model of these shapes with values uniform in [-1, 1). */
  static Model random(List<String> names, List<Shape> shapes, Random rnd) {
    Model m = Model.flatZeros(names, shapes);
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        t.set(i, (float) (2 * rnd.nextDouble() - 1));
      }
    }
    return m;
  }

  static byte[] encodeSparse(Model delta) {
    return SPARSE.encodeFrame(FrameMeta.update(1, 0, Map.of()), delta, EncodeContext.plain());
  }

  /** The frame as the aggregator receives it: sparse tensors stay sparse. */
  static UpdateData sparseUpdate(byte[] frame) {
    return UpdateData.fromFrame(frame, DecodeLimits.defaults());
  }

  /** The frame decoded to a dense model. */
  static Model denseDecode(byte[] frame) {
    return Frames.decode(frame, DecodeLimits.defaults()).model();
  }

  /** How many of the update's tensors are handed over as sparse sections. */
  static int sparseSections(UpdateData u) {
    int[] n = new int[1];
    u.visit(
        new SectionSink() {
          @Override
          public void dense(int tensor, TensorInfo info, float[] values, int offset) {}

          @Override
          public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
            n[0]++;
          }
        });
    return n[0];
  }

  /**
   * One random update: its values as a dense model of its (sliced) layout, what is folded (dense or
   * its sparse frame), its weight, and its plan (null at full width).
   */
  record Item(Model values, UpdateData data, double weight, SlicePlan plan) {
    void foldInto(WeightedSum s) {
      if (plan == null) {
        s.add(data, weight);
      } else {
        s.add(data, weight, plan);
      }
    }

    void foldInto(Reference r) {
      r.add(values, weight);
    }
  }

  /** {@code count} updates of random widths, half of them sparse, weights in (0, 10]. */
  static List<Item> randomItems(Model full, int count, Random rnd) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Ratio width = WIDTHS.get(rnd.nextInt(WIDTHS.size()));
      SlicePlan plan = width.ppm() == Ratio.ONE ? null : plan(full, width);
      List<Shape> shapes = plan == null ? full.shapes() : plan.slicedShapes();
      Model dense = random(full.names(), shapes, rnd);
      UpdateData data = UpdateData.of(dense);
      if (rnd.nextBoolean()) {
        byte[] frame = encodeSparse(dense);
        data = sparseUpdate(frame);
        dense = denseDecode(frame);
      }
      double weight = 10 * (1 - rnd.nextDouble());
      items.add(new Item(dense, data, weight, plan));
    }
    return items;
  }

  /** All elements of a model, in order. */
  static float[] flat(Model m) {
    float[] out = new float[(int) m.parameterCount()];
    int p = 0;
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        out[p++] = t.get(i);
      }
    }
    return out;
  }
}
