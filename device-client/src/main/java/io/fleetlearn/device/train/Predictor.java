package io.fleetlearn.device.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.List;

/**
 * Inference with the latest weights: class probabilities and labels, and loss/accuracy for the
 * device's evaluation tasks. Holds one DJL model (its parameters are native memory) until closed;
 * {@link #update} swaps the weights in place. Not thread-safe.
 */
public final class Predictor implements AutoCloseable {
  /** Examples per forward pass when a whole dataset is predicted: bounds activation memory. */
  public static final int BATCH = 64;

  private final ModelSpec spec;
  private final ai.djl.Model model;
  private final List<DjlModels.Binding> params;
  private final ParameterStore store;

  /** A predictor for {@code spec} at {@code width} with {@code weights} in its layout. */
  public Predictor(ModelSpec spec, Ratio width, Model weights) {
    DjlRuntime.engine();
    this.spec = spec;
    this.model = ai.djl.Model.newInstance("predict", Device.cpu(), DjlRuntime.ENGINE);
    try {
      Block block = DjlModels.build(spec, width);
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, DjlModels.inputShape(spec, 1));
      this.params = DjlModels.bind(block, spec, width);
      DjlModels.load(params, weights);
      this.store = new ParameterStore(model.getNDManager(), false);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Replaces the weights (same layout) without rebuilding the network. */
  public void update(Model weights) {
    DjlModels.load(params, weights);
  }

  /** Class probabilities and label of one example of the spec's input shape. */
  public Predictions predict(float[] example) {
    Shape in = spec.inputShape();
    if (example.length != in.size()) {
      throw new IllegalArgumentException(
          "example has " + example.length + " values; " + spec + " takes " + in);
    }
    return predict(new Dataset(example, new int[] {0}, in, spec.classes()));
  }

  /** Predictions for every example of {@code data}. */
  public Predictions predict(Dataset data) {
    Batches.requireFits(spec, data);
    int n = data.size();
    int k = spec.classes();
    int[] labels = new int[n];
    float[] probs = new float[n * k];
    long nanos = 0;
    int[] order = Batches.identity(n);
    for (int from = 0; from < n; from += BATCH) {
      int to = Math.min(n, from + BATCH);
      // Inputs and activations of one batch, freed together.
      try (NDManager call = model.getNDManager().newSubManager()) {
        NDArray x = Batches.features(call, spec, data, order, from, to);
        long t0 = System.nanoTime();
        float[] logp = forward(x).logSoftmax(1).toFloatArray();
        nanos += System.nanoTime() - t0;
        for (int i = 0; i < to - from; i++) {
          int best = 0;
          for (int c = 0; c < k; c++) {
            probs[(from + i) * k + c] = (float) Math.exp(logp[i * k + c]);
            if (logp[i * k + c] > logp[i * k + best]) {
              best = c;
            }
          }
          labels[from + i] = best;
        }
      }
    }
    return new Predictions(labels, probs, k, n == 0 ? 0 : nanos / 1e6 / n);
  }

  /** Mean cross-entropy and accuracy on labelled {@code data}. */
  public Evaluation evaluate(Dataset data) {
    Predictions p = predict(data);
    int n = data.size();
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int y = data.labels()[i];
      // Clamped so one confident mistake gives a large, finite loss rather than infinity.
      loss -= Math.log(Math.max(p.probability(i, y), Float.MIN_NORMAL));
      if (p.labels()[i] == y) {
        correct++;
      }
    }
    return n == 0
        ? new Evaluation(0, 0, 0, 0)
        : new Evaluation(loss / n, correct / (double) n, n, p.msPerExample());
  }

  /** The raw class scores (logits) of a batch already in the engine, for checks against DJL. */
  NDArray forward(NDArray batch) {
    return model.getBlock().forward(store, new NDList(batch), false).singletonOrThrow();
  }

  /** Frees the native parameters. */
  @Override
  public void close() {
    model.close();
  }
}
