package io.fleetlearn.aggregation.update;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.FrameHeader;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.SectionSink;
import java.util.List;

/** An update frame decoded into memory as it was sent: dense or sparse per tensor. */
final class DecodedUpdate implements UpdateData {
  private final List<TensorInfo> tensors;
  private final float[][] values;
  private final int[][] indices;

  private DecodedUpdate(List<TensorInfo> tensors, float[][] values, int[][] indices) {
    this.tensors = tensors;
    this.values = values;
    this.indices = indices;
  }

  static DecodedUpdate decode(byte[] frame, DecodeLimits limits) {
    // The header bounds the tensor count before the arrays below are sized by it.
    FrameHeader header = Frames.header(frame, limits);
    int n = header.tensors().size();
    float[][] values = new float[n][];
    int[][] indices = new int[n][];
    Frames.visit(
        frame,
        limits,
        new SectionSink() {
          @Override
          public void dense(int tensor, TensorInfo info, float[] v, int offset) {
            int size = info.shape().size();
            values[tensor] =
                offset == 0 && v.length == size
                    ? v
                    : java.util.Arrays.copyOfRange(v, offset, offset + size);
          }

          @Override
          public void sparse(int tensor, TensorInfo info, int[] idx, float[] v, int count) {
            indices[tensor] = idx.length == count ? idx : java.util.Arrays.copyOf(idx, count);
            values[tensor] = v.length == count ? v : java.util.Arrays.copyOf(v, count);
          }
        });
    return new DecodedUpdate(header.tensors(), values, indices);
  }

  @Override
  public List<TensorInfo> tensors() {
    return tensors;
  }

  @Override
  public void visit(SectionSink sink) {
    for (int i = 0; i < tensors.size(); i++) {
      if (indices[i] == null) {
        sink.dense(i, tensors.get(i), values[i], 0);
      } else {
        sink.sparse(i, tensors.get(i), indices[i], values[i], values[i].length);
      }
    }
  }
}
