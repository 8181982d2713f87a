package io.fleetlearn.coordinator.ingest;

import io.fleetlearn.aggregation.fold.UpdateChecks;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.SectionSink;
import java.util.List;
import java.util.Optional;

/**
 * Decodes an update's body and checks it against the variant the device was given: layout, finite
 * values, norm. CPU work on the update's size: run it on a worker thread, not the event loop.
 */
public final class UpdateBody {
  private UpdateBody() {}

  /**
   * @param layout the names and shapes of the device's assigned variant
   * @param normBound the largest L2 norm accepted; 0 for none
   * @throws Rejection ({@code frame}, {@code shape}, {@code non-finite}, {@code norm})
   */
  public static UpdateData check(
      byte[] frame,
      String deviceId,
      DecodeLimits limits,
      List<TensorInfo> layout,
      double normBound) {
    String who = "update from " + deviceId;
    UpdateData data;
    try {
      // Non-finite values are our own reason, so the decoder lets them through.
      data = UpdateData.fromFrame(frame, limits.withRejectNonFinite(false));
    } catch (CodecException | IllegalArgumentException e) {
      throw new Rejection(Rejection.FRAME, who + " does not decode (" + e.getMessage() + ")");
    }
    Optional<String> layoutProblem = UpdateChecks.layoutProblem(who, data.tensors(), layout);
    if (layoutProblem.isPresent()) {
      throw new Rejection(Rejection.SHAPE, layoutProblem.get());
    }
    Optional<String> nonFinite = UpdateChecks.nonFinite(who, data);
    if (nonFinite.isPresent()) {
      throw new Rejection(Rejection.NON_FINITE, nonFinite.get());
    }
    if (normBound > 0) {
      double norm = norm(data);
      if (norm > normBound) {
        throw new Rejection(
            Rejection.NORM,
            String.format(
                "%s has L2 norm %.4g, the bound is %.4g; update refused", who, norm, normBound));
      }
    }
    return data;
  }

  /** The L2 norm of an update (dense or sparse). */
  public static double norm(UpdateData data) {
    double[] sum = new double[1];
    data.visit(
        new SectionSink() {
          @Override
          public void dense(int tensor, TensorInfo info, float[] values, int offset) {
            int n = info.shape().size();
            for (int i = offset; i < offset + n; i++) {
              sum[0] += (double) values[i] * values[i];
            }
          }

          @Override
          public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
            for (int i = 0; i < count; i++) {
              sum[0] += (double) values[i] * values[i];
            }
          }
        });
    return Math.sqrt(sum[0]);
  }
}
