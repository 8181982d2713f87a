package io.fleetlearn.device.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.protocol.spec.ModelSpec;

/** Copies examples of a {@link Dataset} into engine arrays shaped for a spec's network. */
final class Batches {
  private Batches() {}

  /** Fails unless every example of {@code data} fits the spec's input and classes. */
  static void requireFits(ModelSpec spec, Dataset data) {
    if (data.exampleShape().size() != spec.inputShape().size()) {
      throw new IllegalArgumentException(
          "examples of shape "
              + data.exampleShape()
              + " do not fit "
              + spec
              + ", whose input is "
              + spec.inputShape());
    }
    if (data.classes() > spec.classes()) {
      throw new IllegalArgumentException(
          "data has " + data.classes() + " classes but " + spec + " predicts " + spec.classes());
    }
  }

  /** Features of examples {@code order[from, to)} as {@code [to - from, input...]} in {@code m}. */
  static NDArray features(
      NDManager m, ModelSpec spec, Dataset data, int[] order, int from, int to) {
    int f = data.exampleShape().size();
    float[] x = new float[(to - from) * f];
    for (int i = from; i < to; i++) {
      System.arraycopy(data.features(), order[i] * f, x, (i - from) * f, f);
    }
    return m.create(x, DjlModels.inputShape(spec, to - from));
  }

  /** Labels of examples {@code order[from, to)} as int64 (what the sparse loss expects). */
  static NDArray labels(NDManager m, Dataset data, int[] order, int from, int to) {
    long[] y = new long[to - from];
    for (int i = from; i < to; i++) {
      y[i - from] = data.labels()[order[i]];
    }
    return m.create(y).toType(DataType.INT64, false);
  }

  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
