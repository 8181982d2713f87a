package io.fleetlearn.compression.frame;

import io.fleetlearn.compression.tensor.Shape;
import java.util.Objects;

/** A tensor's name and shape as the frame header lists them, in body order. */
public record TensorInfo(String name, Shape shape) {
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("tensor name must not be empty");
    }
  }
}
