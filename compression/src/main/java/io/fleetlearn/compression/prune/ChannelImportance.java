package io.fleetlearn.compression.prune;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Importance-ordered channels, so that width slicing keeps the most important ones: the hidden
 * channels of each layer are permuted into decreasing L1 norm of their weights. Permuting a hidden
 * layer's output channels together with its bias and attached tensors, and the next layer's input
 * columns (or input blocks, after a flatten) the same way, leaves the function the network computes
 * unchanged, because everything between the two layers (activations, pooling, batch norm with its
 * attached statistics) acts channel by channel. Tensors outside the chain are copied unchanged, so
 * a per-channel tensor that is not listed as {@code attached} would be left out of step.
 *
 * <p>Cost: one pass over the chain's tensors plus a sort of each hidden layer's channels. The
 * permuted network's outputs equal the original's up to floating-point summation order.
 */
public final class ChannelImportance {

  private ChannelImportance() {}

  /**
   * A model with channels permuted, and the permutations applied.
   *
   * @param model the permuted model, same layout as the input, in new arrays
   * @param permutations one per hidden layer (all but the last), in chain order: {@code p[j]} is
   *     the original index of the channel now at position {@code j}
   */
  public record Reordered(Model model, List<int[]> permutations) {
    public Reordered {
      Objects.requireNonNull(model, "model");
      permutations = permutations.stream().map(int[]::clone).toList();
    }
  }

  /**
   * Permutes each hidden layer's output channels into decreasing L1 norm of their weight rows (ties
   * keep their original order), carrying the bias, attached tensors and the next layer's inputs
   * along.
   *
   * @throws IllegalArgumentException when the chain does not fit the model, naming the tensor
   */
  public static Reordered reorderByL1(Model m, LayerChain chain) {
    chain.validate(m);
    int last = chain.size() - 1;
    // Row (dimension 0) and column-block (dimension 1) permutations per tensor name.
    Map<String, int[]> rowPerm = new HashMap<>();
    Map<String, int[]> colPerm = new HashMap<>();
    List<int[]> perms = new ArrayList<>(last);
    for (int k = 0; k < last; k++) {
      LayerChain.Layer layer = chain.layer(k);
      // A row's L1 norm does not depend on the order of its columns, so the permutation of this
      // layer's inputs (from layer k-1) need not be applied first.
      int[] p = byDecreasingL1(m.tensor(layer.weight()));
      perms.add(p);
      rowPerm.put(layer.weight(), p);
      for (String name : layer.perChannel()) {
        rowPerm.put(name, p);
      }
      colPerm.put(chain.layer(k + 1).weight(), p);
    }
    Map<String, Integer> blockOf = new HashMap<>();
    for (LayerChain.Layer layer : chain.layers()) {
      blockOf.put(layer.weight(), layer.inputBlock());
    }
    Model out =
        m.map(
            t ->
                permute(
                    t,
                    rowPerm.get(t.name()),
                    colPerm.get(t.name()),
                    blockOf.getOrDefault(t.name(), 1)));
    return new Reordered(out, perms);
  }

  private static int[] byDecreasingL1(Tensor w) {
    int rows = w.shape().rows();
    int len = w.shape().rowLength();
    float[] a = w.array();
    double[] norm = new double[rows];
    for (int r = 0; r < rows; r++) {
      double s = 0;
      int base = w.offset() + r * len;
      for (int j = 0; j < len; j++) {
        s += Math.abs(a[base + j]);
      }
      norm[r] = s;
    }
    Integer[] order = new Integer[rows];
    for (int r = 0; r < rows; r++) {
      order[r] = r;
    }
    // Stable sort: equal norms keep their original order, so the permutation is deterministic.
    Arrays.sort(order, (x, y) -> Double.compare(norm[y], norm[x]));
    int[] p = new int[rows];
    for (int r = 0; r < rows; r++) {
      p[r] = order[r];
    }
    return p;
  }

  /**
   * A copy of {@code t} whose row {@code j} is original row {@code rows[j]} and whose input block
   * {@code j} (of {@code block} columns) is original block {@code cols[j]}; null means identity.
   */
  private static Tensor permute(Tensor t, int[] rows, int[] cols, int block) {
    if (rows == null && cols == null) {
      return t.copy();
    }
    Shape s = t.shape();
    int nRows = s.rows();
    int rowLen = s.rowLength();
    float[] src = t.array();
    float[] dst = new float[s.size()];
    if (cols == null) {
      for (int r = 0; r < nRows; r++) {
        System.arraycopy(src, t.offset() + rows[r] * rowLen, dst, r * rowLen, rowLen);
      }
    } else {
      // Dimension 1 is cols.length * block columns of `inner` kernel elements each.
      int run = block * (rowLen / s.dim(1));
      for (int r = 0; r < nRows; r++) {
        int from = t.offset() + (rows == null ? r : rows[r]) * rowLen;
        int to = r * rowLen;
        for (int c = 0; c < cols.length; c++) {
          System.arraycopy(src, from + cols[c] * run, dst, to + c * run, run);
        }
      }
    }
    return Tensor.of(t.name(), s, dst);
  }
}
