package io.fleetlearn.simulator.run;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.train.Evaluation;
import io.fleetlearn.device.train.Predictor;
import io.fleetlearn.protocol.spec.ModelSpec;

/**
 * Evaluates global models on the held-out test set with the device client's own {@link Predictor},
 * at full width. Holds one DJL model (native memory) until closed; not thread-safe.
 */
final class GlobalEvaluator implements AutoCloseable {
  /** The dense frame of a large model; the coordinator's own limit for stored models. */
  private static final DecodeLimits LIMITS =
      DecodeLimits.defaults().withMaxFrameBytes(Integer.MAX_VALUE - 8);

  private final ModelSpec spec;
  private final Dataset test;
  private Predictor predictor;

  GlobalEvaluator(ModelSpec spec, Dataset test) {
    this.spec = spec;
    this.test = test;
  }

  /** Loss and accuracy of the model in {@code denseFrame} (a stored global model frame). */
  Evaluation evaluate(byte[] denseFrame) {
    Model model = Frames.decode(denseFrame, LIMITS).model();
    if (predictor == null) {
      predictor = new Predictor(spec, new Ratio(Ratio.ONE), model);
    } else {
      predictor.update(model);
    }
    return predictor.evaluate(test);
  }

  @Override
  public void close() {
    if (predictor != null) {
      predictor.close();
    }
  }
}
