package io.fleetlearn.device.inference;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.Frame;
import io.fleetlearn.compression.frame.FrameKind;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.train.Predictions;
import io.fleetlearn.device.train.Predictor;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Predicts with the latest global model the device accepted (see {@link ModelStore}), and measures
 * how long it takes. The stored frame is decoded and checked against its spec and width as it was
 * on arrival. Holds a DJL model until closed; not thread-safe.
 *
 * <pre>{@code
 * try (LocalInference local = LocalInference.open(config.modelFolder(), config.decodeLimits())) {
 *   Predictions p = local.predict(readings);
 * }
 * }</pre>
 */
public final class LocalInference implements AutoCloseable {
  private final StoredModel stored;
  private final Predictor predictor;

  private LocalInference(StoredModel stored, Predictor predictor) {
    this.stored = stored;
    this.predictor = predictor;
  }

  /**
   * Opens the model stored in {@code modelFolder}.
   *
   * @throws IOException when there is none yet, or it cannot be read, decoded or checked
   */
  public static LocalInference open(Path modelFolder, DecodeLimits limits) throws IOException {
    StoredModel m =
        new ModelStore(modelFolder)
            .load(limits.maxFrameBytes())
            .orElseThrow(
                () ->
                    new IOException(
                        "no model in "
                            + modelFolder
                            + " yet: the device stores the global model of its first round"));
    return of(m, limits);
  }

  /** Builds the network of {@code m}'s spec and width with the weights of its frame. */
  public static LocalInference of(StoredModel m, DecodeLimits limits) throws IOException {
    ModelSpec spec = m.modelSpec();
    Frame frame;
    try {
      frame = Frames.decode(m.frame(), limits);
    } catch (CodecException e) {
      throw new IOException("stored model frame does not decode: " + e.getMessage(), e);
    }
    if (frame.header().kind() != FrameKind.MODEL) {
      throw new IOException("stored frame is a " + frame.header().kind() + ", not a MODEL");
    }
    Model weights = frame.model();
    List<TensorInfo> found = new ArrayList<>();
    weights.tensors().forEach(t -> found.add(new TensorInfo(t.name(), t.shape())));
    if (!found.equals(spec.tensors(m.width()))) {
      throw new IOException("stored model " + found + " is not " + spec + " at width " + m.width());
    }
    return new LocalInference(m, new Predictor(spec, m.width(), weights));
  }

  /** What is loaded: spec, width, version, variant. */
  public StoredModel model() {
    return stored;
  }

  /** Label and class probabilities of every example of {@code data}. */
  public Predictions predict(Dataset data) {
    return predictor.predict(data);
  }

  /** Label and class probabilities of one example of the spec's input shape. */
  public Predictions predict(float[] example) {
    return predictor.predict(example);
  }

  /**
   * Predicts {@code data} batch by batch, then every example alone, timing each call.
   *
   * @param labelled whether {@code data}'s labels are real (then the accuracy is reported)
   */
  public InferenceReport run(Dataset data, boolean labelled) {
    int n = data.size();
    if (n == 0) {
      throw new IllegalArgumentException("no examples to predict");
    }
    // One untimed call: the first forward pass of a JVM pays for class loading and JIT.
    predictor.predict(data.slice(0, 1));
    int batch = Predictor.BATCH;
    int batches = (n + batch - 1) / batch;
    long[] perBatch = new long[batches];
    int[] labels = new int[n];
    int classes = stored.modelSpec().classes();
    float[] probs = new float[n * classes];
    for (int b = 0; b < batches; b++) {
      int from = b * batch;
      int to = Math.min(n, from + batch);
      long t0 = System.nanoTime();
      Predictions p = predictor.predict(data.slice(from, to));
      perBatch[b] = System.nanoTime() - t0;
      System.arraycopy(p.labels(), 0, labels, from, to - from);
      System.arraycopy(p.probabilities(), 0, probs, from * p.classes(), p.probabilities().length);
    }
    long[] perExample = new long[n];
    for (int i = 0; i < n; i++) {
      Dataset one = data.slice(i, i + 1);
      long t0 = System.nanoTime();
      predictor.predict(one);
      perExample[i] = System.nanoTime() - t0;
    }
    Predictions all =
        new Predictions(labels, probs, classes, Latency.of(perBatch).meanMillis() * batches / n);
    OptionalDouble accuracy = OptionalDouble.empty();
    if (labelled) {
      int correct = 0;
      for (int i = 0; i < n; i++) {
        correct += labels[i] == data.labels()[i] ? 1 : 0;
      }
      accuracy = OptionalDouble.of(correct / (double) n);
    }
    return new InferenceReport(all, accuracy, Latency.of(perExample), Latency.of(perBatch), batch);
  }

  /** Frees the network's native memory. */
  @Override
  public void close() {
    predictor.close();
  }
}
