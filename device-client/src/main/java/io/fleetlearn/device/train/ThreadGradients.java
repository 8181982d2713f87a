package io.fleetlearn.device.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd recording of one training step on the calling thread, without DJL's {@code
 * GradientCollector}, so that trainers on different threads can run their steps at the same time.
 *
 * <p>Why this is safe, and why DJL's collector is not used: DJL 0.36's {@code PtGradientCollector}
 * does three things: it switches PyTorch's grad mode on for the calling thread, runs {@code
 * Tensor.backward} on the target, and keeps a process-wide {@code isCollecting} flag that makes a
 * second collector anywhere in the JVM throw. The flag guards nothing else (its {@code
 * zeroGradients} pass over all arrays is disabled in 0.36, gradients are zeroed per parameter by
 * the optimizer update). PyTorch's grad mode is thread-local ({@code c10::GradMode}), and backward
 * passes of disjoint graphs on different CPU threads are supported by PyTorch's autograd engine (it
 * runs a CPU graph on the calling thread). Each trainer owns its parameters, gradients and
 * optimizer state, so nothing is shared between concurrent steps.
 *
 * <p>The cost is two calls into {@code ai.djl.pytorch.jni.JniUtils} ({@code isGradMode/setGradMode}
 * and {@code backward}): public, and the same calls DJL's collector makes, but engine-internal API
 * that a DJL upgrade may change; the compiler would then say so. Opt-in through {@link
 * TrainingSlots}; the default path stays on DJL's collector.
 */
final class ThreadGradients implements AutoCloseable {
  private final boolean wasRecording;

  /** Starts recording on this thread. */
  ThreadGradients() {
    wasRecording = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  /** Accumulates d target / d parameter into each parameter's gradient (target is a scalar). */
  void backward(NDArray target) {
    // The seed gradient belongs to the target's manager: the step's, closed with the batch.
    NDArray seed = target.onesLike();
    JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
  }

  /** Restores the thread's grad mode (off on the thread that loaded the engine). */
  @Override
  public void close() {
    if (!wasRecording) {
      JniUtils.setGradMode(false);
    }
  }
}
