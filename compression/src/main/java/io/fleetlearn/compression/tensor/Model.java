package io.fleetlearn.compression.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A model, or an update to one: an ordered list of uniquely named tensors. The order is the wire
 * order and the order of every per-tensor loop; two models with the same names, shapes and order
 * have the same {@linkplain #sameLayout layout}.
 *
 * <p>The list is immutable; the tensors' elements are not (they are views), so that codecs and
 * aggregators can work in place without copying a large model.
 */
public final class Model {
  private final List<Tensor> tensors;
  private final Map<String, Tensor> byName;
  private final long parameters;

  private Model(List<Tensor> tensors) {
    this.tensors = List.copyOf(tensors);
    Map<String, Tensor> index = new LinkedHashMap<>();
    long n = 0;
    for (Tensor t : this.tensors) {
      if (index.put(t.name(), t) != null) {
        throw new IllegalArgumentException("tensor name " + t.name() + " appears twice");
      }
      n += t.size();
    }
    this.byName = Collections.unmodifiableMap(index);
    this.parameters = n;
  }

  public static Model of(List<Tensor> tensors) {
    return new Model(tensors);
  }

  public static Model of(Tensor... tensors) {
    return new Model(List.of(tensors));
  }

  /**
   * A zero model with these names and shapes whose tensors are views of one flat array, in order:
   * the layout aggregation folds into.
   */
  public static Model flatZeros(List<String> names, List<Shape> shapes) {
    if (names.size() != shapes.size()) {
      throw new IllegalArgumentException(names.size() + " names but " + shapes.size() + " shapes");
    }
    long total = 0;
    for (Shape s : shapes) {
      total += s.size();
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(total + " parameters do not fit one array");
    }
    float[] flat = new float[(int) total];
    List<Tensor> list = new ArrayList<>(names.size());
    int off = 0;
    for (int i = 0; i < names.size(); i++) {
      list.add(Tensor.view(names.get(i), shapes.get(i), flat, off));
      off += shapes.get(i).size();
    }
    return new Model(list);
  }

  public List<Tensor> tensors() {
    return tensors;
  }

  public int size() {
    return tensors.size();
  }

  public Tensor tensor(int i) {
    return tensors.get(i);
  }

  /** The tensor with this name, or an exception naming the names that exist. */
  public Tensor tensor(String name) {
    Tensor t = byName.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "no tensor named " + name + "; the model has " + byName.keySet());
    }
    return t;
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public List<Shape> shapes() {
    return tensors.stream().map(Tensor::shape).toList();
  }

  /** Total number of parameters. */
  public long parameterCount() {
    return parameters;
  }

  /** Bytes the model takes as dense float32: the baseline every compression ratio is against. */
  public long denseBytes() {
    return parameters * Float.BYTES;
  }

  /** True when names, shapes and order match. */
  public boolean sameLayout(Model other) {
    if (other.tensors.size() != tensors.size()) {
      return false;
    }
    for (int i = 0; i < tensors.size(); i++) {
      Tensor a = tensors.get(i);
      Tensor b = other.tensors.get(i);
      if (!a.name().equals(b.name()) || !a.shape().equals(b.shape())) {
        return false;
      }
    }
    return true;
  }

  /** A deep copy, laid out in one flat array. */
  public Model copy() {
    Model c = flatZeros(names(), shapes());
    for (int i = 0; i < tensors.size(); i++) {
      Tensor src = tensors.get(i);
      Tensor dst = c.tensors.get(i);
      System.arraycopy(src.array(), src.offset(), dst.array(), dst.offset(), src.size());
    }
    return c;
  }

  /** A zero model of the same layout, in one flat array. */
  public Model zerosLike() {
    return flatZeros(names(), shapes());
  }

  /** A model of the tensors {@code f} maps these to, in the same order. */
  public Model map(UnaryOperator<Tensor> f) {
    return new Model(tensors.stream().map(f).toList());
  }

  /** True when every element of every tensor is identical (bitwise, NaN equal to NaN). */
  public boolean contentEquals(Model other) {
    if (other.tensors.size() != tensors.size()) {
      return false;
    }
    for (int i = 0; i < tensors.size(); i++) {
      if (!tensors.get(i).contentEquals(other.tensors.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Model" + tensors + " (" + parameters + " parameters)";
  }
}
