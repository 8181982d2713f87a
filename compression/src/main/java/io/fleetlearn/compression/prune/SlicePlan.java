package io.fleetlearn.compression.prune;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Width slicing of a model for HeteroFL and ordered dropout: every hidden layer (all but the last
 * in the {@link LayerChain}) keeps its first {@code max(1, ceil(width * out))} output channels,
 * with its bias and attached tensors; the next layer keeps the matching inputs ({@code kept *
 * inputBlock} of them). The model's input channels (dimension 1 of the first layer) and output
 * units (dimension 0 of the last) are never cut, and tensors outside the chain are kept whole.
 *
 * <p>Every sliced tensor keeps a prefix of dimensions 0 and 1 of the full one, so the mapping
 * between the two is a handful of contiguous runs per tensor (one per kept row when dimension 1 is
 * cut, a single run otherwise): {@link #slice}, {@link #embed} and {@link #forEachRun} cost one
 * {@code System.arraycopy} or callback per run and no index arrays, at most one run per kept row of
 * a weight whose inputs are cut. Slicing loses nothing beyond the cut channels: kept values are
 * copied bit for bit. The plan is immutable and can be shared between threads.
 *
 * <p><b>Nesting.</b> Narrower variants are prefixes of wider ones: for widths {@code r1 <= r2} the
 * {@code r1} slice is exactly what {@link #relativeTo} cuts from the {@code r2} slice, for any
 * channel counts. Building a plan directly on the {@code r2} slice's shapes with the relative width
 * {@code r1/r2} gives the same result only when the rounding agrees, i.e. {@code ceil((r1/r2) *
 * ceil(r2 * n)) == ceil(r1 * n)} for every hidden layer of width {@code n}; this holds when every
 * {@code r2 * n} is an integer and {@code r1/r2} is exact in parts per million (HeteroFL's widths
 * 1, 1/2, 1/4, ... over channel counts divisible by the smallest fraction's denominator). It fails
 * otherwise: with {@code n = 10}, {@code r2 = 3/4} keeps 8 channels and {@code r1 = 1/2} keeps 5,
 * but {@code ceil(2/3 * 8) = 6}.
 */
public final class SlicePlan {

  /** Receives one contiguous run of a tensor's sliced elements. */
  @FunctionalInterface
  public interface RunConsumer {
    /**
     * Elements {@code [slicedOffset, slicedOffset + length)} of sliced tensor {@code tensor} are
     * elements {@code [fullOffset, fullOffset + length)} of the full tensor, in order. Offsets
     * count from the tensor's first element (add {@link Tensor#offset()} for its backing array).
     */
    void accept(int tensor, int fullOffset, int slicedOffset, int length);
  }

  private final LayerChain chain;
  private final Ratio width;
  private final List<String> names;
  private final List<Shape> fullShapes;
  private final List<Shape> slicedShapes;
  private final PrefixBlock[] blocks;
  private final long parameterCount;

  private SlicePlan(
      LayerChain chain,
      Ratio width,
      List<String> names,
      List<Shape> fullShapes,
      List<Shape> slicedShapes) {
    this.chain = chain;
    this.width = width;
    this.names = List.copyOf(names);
    this.fullShapes = List.copyOf(fullShapes);
    this.slicedShapes = List.copyOf(slicedShapes);
    this.blocks = new PrefixBlock[names.size()];
    long n = 0;
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = PrefixBlock.of(names.get(i), fullShapes.get(i), slicedShapes.get(i));
      n += slicedShapes.get(i).size();
    }
    this.parameterCount = n;
  }

  /**
   * The plan slicing models of this layout to {@code width}.
   *
   * @param width in (0, 1]; 1 keeps everything
   * @throws IllegalArgumentException when the width is 0 or the chain does not fit the layout
   *     (naming the tensor)
   */
  public static SlicePlan of(
      LayerChain chain, List<String> names, List<Shape> shapes, Ratio width) {
    if (width.ppm() == 0) {
      throw new IllegalArgumentException("width must be in (0, 1], not 0");
    }
    chain.validate(names, shapes);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    List<Shape> sliced = new ArrayList<>(shapes);
    int last = chain.size() - 1;
    int keptPrev = -1;
    for (int k = 0; k <= last; k++) {
      LayerChain.Layer layer = chain.layer(k);
      int w = index.get(layer.weight());
      int[] dims = shapes.get(w).dims();
      int keptOut = k == last ? dims[0] : Math.max(1, width.ceilOf(dims[0]));
      dims[0] = keptOut;
      if (k > 0) {
        dims[1] = keptPrev * layer.inputBlock();
      }
      sliced.set(w, Shape.of(dims));
      for (String name : layer.perChannel()) {
        int t = index.get(name);
        int[] d = shapes.get(t).dims();
        d[0] = keptOut;
        sliced.set(t, Shape.of(d));
      }
      keptPrev = keptOut;
    }
    return new SlicePlan(chain, width, names, shapes, sliced);
  }

  /**
   * The plan that cuts {@code wider}'s sliced layout down to this plan's: its {@link #fullShapes}
   * are {@code wider}'s {@link #slicedShapes}, and {@code relativeTo(wider).slice(wider.slice(m))}
   * equals {@code slice(m)} for every width and channel count, without the rounding caveat of
   * building a plan at the relative width. {@link #width} stays this plan's width against the
   * original model.
   *
   * @throws IllegalArgumentException when the layouts differ or {@code wider} is narrower somewhere
   */
  public SlicePlan relativeTo(SlicePlan wider) {
    if (!names.equals(wider.names) || !fullShapes.equals(wider.fullShapes)) {
      throw new IllegalArgumentException("the wider plan is for another model layout");
    }
    // PrefixBlock.of rejects a tensor that is wider here than in `wider`.
    return new SlicePlan(chain, width, names, wider.slicedShapes, slicedShapes);
  }

  /** A new model of the sliced layout (same names and order) holding the covered elements. */
  public Model slice(Model full) {
    checkLayout(full, fullShapes, "full");
    Model out = Model.flatZeros(names, slicedShapes);
    for (int i = 0; i < blocks.length; i++) {
      Tensor src = full.tensor(i);
      Tensor dst = out.tensor(i);
      blocks[i].gather(src.array(), src.offset(), dst.array(), dst.offset());
    }
    return out;
  }

  /**
   * Writes every element of {@code sliced} to its position in {@code full}, in place; elements of
   * {@code full} the slice does not cover are left as they are.
   */
  public void embed(Model sliced, Model full) {
    checkLayout(sliced, slicedShapes, "sliced");
    checkLayout(full, fullShapes, "full");
    for (int i = 0; i < blocks.length; i++) {
      Tensor src = sliced.tensor(i);
      Tensor dst = full.tensor(i);
      blocks[i].scatter(src.array(), src.offset(), dst.array(), dst.offset());
    }
  }

  /**
   * Calls {@code c} once per maximal contiguous run, tensor by tensor in model order and by
   * increasing offset within a tensor; together the runs cover every sliced element exactly once.
   * Tensors with no elements produce no run.
   */
  public void forEachRun(RunConsumer c) {
    for (int i = 0; i < blocks.length; i++) {
      blocks[i].forEachRun(i, c);
    }
  }

  /** The sliced shape of tensor {@code tensor} (by model index). */
  public Shape slicedShape(int tensor) {
    return slicedShapes.get(tensor);
  }

  /** Number of parameters of the sliced model. */
  public long parameterCount() {
    return parameterCount;
  }

  /** The width this plan slices to, against the original full model. */
  public Ratio width() {
    return width;
  }

  /** The layer chain the plan was built from. */
  public LayerChain chain() {
    return chain;
  }

  /** The tensor names, in model order (the same for full and sliced models). */
  public List<String> names() {
    return names;
  }

  /** The shapes of the models this plan slices. */
  public List<Shape> fullShapes() {
    return fullShapes;
  }

  /** The shapes of the sliced models. */
  public List<Shape> slicedShapes() {
    return slicedShapes;
  }

  private void checkLayout(Model m, List<Shape> shapes, String which) {
    if (m.size() != names.size()) {
      throw new IllegalArgumentException(
          "the " + which + " model has " + m.size() + " tensors, the plan " + names.size());
    }
    for (int i = 0; i < names.size(); i++) {
      Tensor t = m.tensor(i);
      if (!t.name().equals(names.get(i)) || !t.shape().equals(shapes.get(i))) {
        throw new IllegalArgumentException(
            "tensor "
                + i
                + " of the "
                + which
                + " model is "
                + t
                + " but the plan expects "
                + names.get(i)
                + shapes.get(i));
      }
    }
  }

  @Override
  public String toString() {
    return "SlicePlan(width " + width + ", " + parameterCount + " parameters)";
  }
}
