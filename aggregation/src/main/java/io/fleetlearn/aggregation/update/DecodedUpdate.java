package io.fleetlearn.aggregation.update;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.FrameHeader;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.SectionSink;
import java.util.ArrayList;
import java.util.Arrays;
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
    // Sections arrive in tensor order, so lists grow in step with them; one pass over the frame
    // checks it, parses its header and decodes it.
    List<float[]> values = new ArrayList<>();
    List<int[]> indices = new ArrayList<>();
    FrameHeader header =
        Frames.visit(
            frame,
            limits,
            new SectionSink() {
              @Override
              public void dense(int tensor, TensorInfo info, float[] v, int offset) {
                int size = info.shape().size();
                values.add(
                    offset == 0 && v.length == size
                        ? v
                        : Arrays.copyOfRange(v, offset, offset + size));
                indices.add(null);
              }

              @Override
              public void sparse(int tensor, TensorInfo info, int[] idx, float[] v, int count) {
                indices.add(idx.length == count ? idx : Arrays.copyOf(idx, count));
                values.add(v.length == count ? v : Arrays.copyOf(v, count));
              }
            });
    return new DecodedUpdate(
        header.tensors(), values.toArray(new float[0][]), indices.toArray(new int[0][]));
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
