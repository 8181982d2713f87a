package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.frame.TensorInfo;

/**
 * Receives a frame's tensors one section at a time, as they are decoded, so that a consumer (the
 * aggregator) can fold a sparse update straight into its accumulator without inflating it to a
 * dense model first. A sink must not modify the arrays handed over. {@link Frames#visit} gives each
 * section fresh arrays, which a sink may keep.
 */
public interface SectionSink {

  /**
   * A dense tensor: {@code info.shape().size()} values from {@code values[offset]} (an offset so
   * that a model held in one flat array is handed over without a copy).
   */
  void dense(int tensor, TensorInfo info, float[] values, int offset);

  /**
   * A sparse tensor: the first {@code count} entries of {@code indices} (strictly ascending flat
   * indices, each below the tensor's size) and of {@code values}; every other element is zero.
   */
  void sparse(int tensor, TensorInfo info, int[] indices, float[] values, int count);
}
