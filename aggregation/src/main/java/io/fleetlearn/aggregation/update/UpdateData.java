package io.fleetlearn.aggregation.update;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.SectionSink;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A model change (local model minus the global model it started from), handed to an aggregator one
 * tensor at a time: dense tensors as a run of values, sparse ones as indices and values, so a top-k
 * update is folded at the cost of its kept values, not of the model.
 */
public interface UpdateData {

  /** Names and shapes, in order; the shapes of a narrow (width-sliced) update are sliced. */
  List<TensorInfo> tensors();

  /**
   * Hands every tensor to {@code sink}, in order. For an update that is still encoded this decodes
   * it, and may throw {@link io.fleetlearn.compression.CodecException}.
   */
  void visit(SectionSink sink);

  /** A dense in-memory change; the model's arrays are read, not copied, on each visit. */
  static UpdateData of(Model delta) {
    List<TensorInfo> infos = new ArrayList<>(delta.size());
    for (Tensor t : delta.tensors()) {
      infos.add(new TensorInfo(t.name(), t.shape()));
    }
    List<TensorInfo> tensors = List.copyOf(infos);
    return new UpdateData() {
      @Override
      public List<TensorInfo> tensors() {
        return tensors;
      }

      @Override
      public void visit(SectionSink sink) {
        for (int i = 0; i < delta.size(); i++) {
          Tensor t = delta.tensor(i);
          sink.dense(i, tensors.get(i), t.array(), t.offset());
        }
      }
    };
  }

  /**
   * Decodes an update frame as received, once: sparse tensors stay sparse (indices and values),
   * dense ones become float arrays. Decoding checks everything (see {@link Frames}), so a bad frame
   * fails here with a {@link io.fleetlearn.compression.CodecException}, before anything is folded,
   * and visiting the result cannot fail.
   */
  static UpdateData fromFrame(byte[] frame, DecodeLimits limits) {
    return DecodedUpdate.decode(frame, limits);
  }
}
