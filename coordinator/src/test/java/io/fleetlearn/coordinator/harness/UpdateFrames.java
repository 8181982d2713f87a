package io.fleetlearn.coordinator.harness;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Update frames as a device sends them, without training: a model-shaped change of small Gaussian
 * values (the scale of one local epoch of SGD), encoded with the task's upload pipeline and a fresh
 * error-feedback residual, with the header attributes {@code RoundRunner} writes.
 */
public final class UpdateFrames {
  /** Standard deviation of a weight change after one local epoch at learning rate 0.05. */
  private static final double DELTA_SCALE = 0.01;

  private UpdateFrames() {}

  /** A change for the variant the task names, reproducible from {@code seed}. */
  public static Model delta(TaskMessage task, long seed) {
    ModelSpec spec = ModelSpec.parse(task.spec());
    List<TensorInfo> layout = spec.tensors(new Ratio(task.widthPpm()));
    Model zeros =
        Model.flatZeros(
            layout.stream().map(TensorInfo::name).toList(),
            layout.stream().map(TensorInfo::shape).toList());
    SplittableRandom random = new SplittableRandom(seed);
    for (Tensor t : zeros.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        t.set(i, (float) (random.nextGaussian() * DELTA_SCALE));
      }
    }
    return zeros;
  }

  /** The frame a device would publish for {@code task} with this change and sample count. */
  public static byte[] encode(
      TaskMessage task, String deviceId, Model delta, int samples, long nonce) {
    Pipeline pipeline = Pipeline.parse(task.uploadPipeline());
    ErrorFeedback feedback =
        pipeline.usesErrorFeedback() ? new ErrorFeedback(delta.zerosLike()) : null;
    EncodeContext ctx = new EncodeContext(null, feedback, new SplittableRandom(nonce));
    FrameMeta meta =
        FrameMeta.update(
            task.round(),
            task.modelVersion(),
            Map.of(
                "device", deviceId,
                "samples", Integer.toString(samples),
                "nonce", Long.toUnsignedString(nonce, 16),
                "width", Integer.toString(task.widthPpm())));
    return pipeline.encodeFrame(meta, delta, ctx);
  }
}
