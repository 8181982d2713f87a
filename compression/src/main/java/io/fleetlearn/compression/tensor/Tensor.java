package io.fleetlearn.compression.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named float32 tensor: a view of {@code shape.size()} consecutive elements of a backing array,
 * starting at {@link #offset()}. Views let a whole model live in one flat array (what aggregation
 * folds into) while codecs still see tensors one by one, without copying.
 *
 * <p>Hot loops read {@link #array()} from {@link #offset()} directly; element accessors exist for
 * tests and cold code.
 */
public final class Tensor {
  private final String name;
  private final Shape shape;
  private final float[] array;
  private final int offset;

  private Tensor(String name, Shape shape, float[] array, int offset) {
    this.name = Objects.requireNonNull(name, "name");
    this.shape = Objects.requireNonNull(shape, "shape");
    this.array = Objects.requireNonNull(array, "array");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("tensor name must not be empty");
    }
    if (offset < 0 || (long) offset + shape.size() > array.length) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + " of "
              + shape.size()
              + " elements at offset "
              + offset
              + " does not fit an array of "
              + array.length);
    }
    this.offset = offset;
  }

  /** A view of {@code array} from {@code offset}; writes go through to the array. */
  public static Tensor view(String name, Shape shape, float[] array, int offset) {
    return new Tensor(name, shape, array, offset);
  }

  /** A tensor owning {@code data}, whose length must equal the shape's size. */
  public static Tensor of(String name, Shape shape, float[] data) {
    if (data.length != shape.size()) {
      throw new IllegalArgumentException(
          "tensor " + name + " has shape " + shape + " but " + data.length + " values");
    }
    return new Tensor(name, shape, data, 0);
  }

  public static Tensor zeros(String name, Shape shape) {
    return new Tensor(name, shape, new float[shape.size()], 0);
  }

  public String name() {
    return name;
  }

  public Shape shape() {
    return shape;
  }

  public int size() {
    return shape.size();
  }

  /** The backing array; this tensor's elements are {@code [offset, offset + size)}. */
  public float[] array() {
    return array;
  }

  public int offset() {
    return offset;
  }

  public float get(int i) {
    return array[offset + Objects.checkIndex(i, size())];
  }

  public void set(int i, float v) {
    array[offset + Objects.checkIndex(i, size())] = v;
  }

  /** A copy of the elements. */
  public float[] toArray() {
    return Arrays.copyOfRange(array, offset, offset + size());
  }

  /** A tensor with the same name and shape owning a copy of the elements. */
  public Tensor copy() {
    return new Tensor(name, shape, toArray(), 0);
  }

  /** Same name, same shape, same elements (NaN equals NaN, as in {@link Float#equals}). */
  public boolean contentEquals(Tensor other) {
    return name.equals(other.name)
        && shape.equals(other.shape)
        && Arrays.equals(
            array, offset, offset + size(), other.array, other.offset, other.offset + size());
  }

  @Override
  public String toString() {
    return name + shape;
  }
}
