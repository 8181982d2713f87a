package io.fleetlearn.device.data;

import io.fleetlearn.compression.tensor.Shape;
import java.util.Arrays;

/**
 * Labelled examples in one flat array: example i is {@code features[i * exampleShape.size(), (i +
 * 1) * exampleShape.size())}, its label {@code labels[i]} in [0, classes).
 *
 * @param features all examples' features, row-major
 * @param labels one label per example
 * @param exampleShape the shape of one example, e.g. {@code [1, 28, 28]}
 * @param classes number of classes
 */
public record Dataset(float[] features, int[] labels, Shape exampleShape, int classes) {
  public Dataset {
    long expected = (long) labels.length * exampleShape.size();
    if (features.length != expected) {
      throw new IllegalArgumentException(
          "features hold "
              + features.length
              + " values; "
              + labels.length
              + " examples of "
              + exampleShape
              + " need "
              + expected);
    }
    if (classes < 1) {
      throw new IllegalArgumentException("classes (" + classes + ") must be >= 1");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label of example " + i + " (" + labels[i] + ") must be in [0, " + classes + ")");
      }
    }
  }

  public int size() {
    return labels.length;
  }

  /** Examples {@code [from, to)} as a new dataset (copies). */
  public Dataset slice(int from, int to) {
    int f = exampleShape.size();
    return new Dataset(
        Arrays.copyOfRange(features, from * f, to * f),
        Arrays.copyOfRange(labels, from, to),
        exampleShape,
        classes);
  }

  /** The given examples, in the given order, as a new dataset. */
  public Dataset select(int[] indices) {
    int f = exampleShape.size();
    float[] x = new float[indices.length * f];
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features, indices[i] * f, x, i * f, f);
      y[i] = labels[indices[i]];
    }
    return new Dataset(x, y, exampleShape, classes);
  }
}
