package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.frame.TensorInfo;
import java.util.List;

/**
 * A model body as a pipeline wrote it, before the entropy stage and the frame.
 *
 * @param tensors names and shapes of what was encoded (after any width slice)
 * @param body the bytes; only the first {@code length} are valid
 */
public record EncodedBody(List<TensorInfo> tensors, byte[] body, int length) {}
