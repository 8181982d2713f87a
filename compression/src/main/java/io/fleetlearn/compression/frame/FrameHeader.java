package io.fleetlearn.compression.frame;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The self-describing part of a frame: what it is, which round and model version it belongs to,
 * which width variant, the pipeline that encoded the body (its readable name, for logs and metrics;
 * the body describes its own codecs), free-form attributes (the protocol puts the device id, the
 * attempt nonce and the sample count here) and the names and shapes of its tensors.
 *
 * @param round the training round, >= 0
 * @param modelVersion the global model version the body is, or is an update to, >= 0
 * @param variant the width variant, e.g. {@code "w050"}; empty for the full model
 */
public record FrameHeader(
    FrameKind kind,
    long round,
    long modelVersion,
    String variant,
    String pipeline,
    Map<String, String> attributes,
    List<TensorInfo> tensors) {

  /** Longest variant, pipeline, attribute or tensor name in UTF-8 bytes. */
  public static final int MAX_STRING_BYTES = 256;

  /** Most attributes a header may carry. */
  public static final int MAX_ATTRIBUTES = 32;

  public FrameHeader {
    Objects.requireNonNull(kind, "kind");
    if (round < 0) {
      throw new IllegalArgumentException("round (" + round + ") must be >= 0");
    }
    if (modelVersion < 0) {
      throw new IllegalArgumentException("modelVersion (" + modelVersion + ") must be >= 0");
    }
    checkString("variant", variant);
    checkString("pipeline", pipeline);
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "attributes (" + attributes.size() + ") must be at most " + MAX_ATTRIBUTES);
    }
    attributes.forEach(
        (k, v) -> {
          checkString("attribute key", k);
          checkString("attribute " + k, v);
        });
    // Sorted, so that equal headers encode to equal bytes.
    attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    tensors = List.copyOf(tensors);
    tensors.forEach(t -> checkString("tensor name", t.name()));
  }

  /** A header listing the tensors of {@code model}. */
  public static FrameHeader of(
      FrameKind kind,
      long round,
      long modelVersion,
      String variant,
      String pipeline,
      Map<String, String> attributes,
      Model model) {
    List<TensorInfo> infos =
        model.tensors().stream().map((Tensor t) -> new TensorInfo(t.name(), t.shape())).toList();
    return new FrameHeader(kind, round, modelVersion, variant, pipeline, attributes, infos);
  }

  /** Total elements over all tensors. */
  public long elementCount() {
    long n = 0;
    for (TensorInfo t : tensors) {
      n += t.shape().size();
    }
    return n;
  }

  /** The header with another pipeline name. */
  public FrameHeader withPipeline(String name) {
    return new FrameHeader(kind, round, modelVersion, variant, name, attributes, tensors);
  }

  private static void checkString(String what, String s) {
    Objects.requireNonNull(s, what);
    int n = s.getBytes(StandardCharsets.UTF_8).length;
    if (n > MAX_STRING_BYTES) {
      throw new IllegalArgumentException(
          what + " is " + n + " bytes long; at most " + MAX_STRING_BYTES + " are allowed");
    }
  }
}
