package io.fleetlearn.compression.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelImportanceTest {

  // ---- a plain-loop MLP: 6 -> 8 -> 5 -> 3, ReLU between layers ----

  private static final List<String> MLP_NAMES = Fixtures.mlpNames(3);
  private static final List<Shape> MLP_SHAPES = Fixtures.mlpShapes(6, 8, 5, 3);

  private static double[] dense(Model m, String layer, double[] x, boolean relu) {
    Tensor w = m.tensor(layer + "_weight");
    Tensor b = m.tensor(layer + "_bias");
    int out = w.shape().dim(0);
    int in = w.shape().dim(1);
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double s = b.get(o);
      for (int i = 0; i < in; i++) {
        s += w.get(o * in + i) * x[i];
      }
      y[o] = relu ? Math.max(0, s) : s;
    }
    return y;
  }

  private static double[] mlpForward(Model m, double[] x) {
    return dense(m, "l2", dense(m, "l1", dense(m, "l0", x, true), true), false);
  }

  @Test
  void reorderedMlpComputesTheSameFunction() {
    Model m = Fixtures.random(MLP_NAMES, MLP_SHAPES, 1);
    Model before = m.copy();
    ChannelImportance.Reordered r = ChannelImportance.reorderByL1(m, LayerChain.sequential(m));
    assertThat(m.contentEquals(before)).as("input untouched").isTrue();
    assertThat(r.model().sameLayout(m)).isTrue();
    assertThat(r.permutations()).hasSize(2);
    assertThat(r.model().contentEquals(m)).as("random weights do get permuted").isFalse();
    Random rnd = new Random(2);
    for (int n = 0; n < 20; n++) {
      double[] x = rnd.doubles(6, -2, 2).toArray();
      assertThat(mlpForward(r.model(), x)).containsExactly(mlpForward(m, x), within(1e-9));
    }
  }

  // ---- a plain-loop CNN: conv 4x1x3x3, batch norm, ReLU, conv 5x4x3x3, ReLU, 2x2 max pool,
  // flatten of 5x2x2, linear 7x20 (input block 4), ReLU, linear 3x7 ----

  private static final List<String> CNN_NAMES =
      List.of(
          "c1_w",
          "c1_b",
          "bn_gamma",
          "bn_beta",
          "bn_mean",
          "bn_var",
          "c2_w",
          "c2_b",
          "fc1_w",
          "fc1_b",
          "fc2_w",
          "fc2_b");
  private static final List<Shape> CNN_SHAPES =
      List.of(
          Shape.of(4, 1, 3, 3),
          Shape.of(4),
          Shape.of(4),
          Shape.of(4),
          Shape.of(4),
          Shape.of(4),
          Shape.of(5, 4, 3, 3),
          Shape.of(5),
          Shape.of(7, 20),
          Shape.of(7),
          Shape.of(3, 7),
          Shape.of(3));
  private static final LayerChain CNN_CHAIN =
      LayerChain.of(
          new LayerChain.Layer(
              "c1_w", "c1_b", List.of("bn_gamma", "bn_beta", "bn_mean", "bn_var"), 1),
          LayerChain.Layer.of("c2_w", "c2_b"),
          new LayerChain.Layer("fc1_w", "fc1_b", List.of(), 4),
          LayerChain.Layer.of("fc2_w", "fc2_b"));

  /** Valid 3x3 convolution of x[c][h][w]. */
  private static double[][][] conv(Model m, String w, String b, double[][][] x) {
    Tensor k = m.tensor(w);
    int out = k.shape().dim(0);
    int in = k.shape().dim(1);
    int h = x[0].length - 2;
    int wd = x[0][0].length - 2;
    double[][][] y = new double[out][h][wd];
    for (int o = 0; o < out; o++) {
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < wd; c++) {
          double s = m.tensor(b).get(o);
          for (int i = 0; i < in; i++) {
            for (int dr = 0; dr < 3; dr++) {
              for (int dc = 0; dc < 3; dc++) {
                s += k.get(((o * in + i) * 3 + dr) * 3 + dc) * x[i][r + dr][c + dc];
              }
            }
          }
          y[o][r][c] = s;
        }
      }
    }
    return y;
  }

  private static double[] cnnForward(Model m, double[][][] x) {
    double[][][] a = conv(m, "c1_w", "c1_b", x);
    for (int c = 0; c < a.length; c++) {
      double g = m.tensor("bn_gamma").get(c);
      double be = m.tensor("bn_beta").get(c);
      double mu = m.tensor("bn_mean").get(c);
      double sd = Math.sqrt(m.tensor("bn_var").get(c) + 1e-5);
      for (double[] row : a[c]) {
        for (int j = 0; j < row.length; j++) {
          row[j] = Math.max(0, g * (row[j] - mu) / sd + be);
        }
      }
    }
    double[][][] b = conv(m, "c2_w", "c2_b", a);
    int ph = b[0].length / 2;
    int pw = b[0][0].length / 2;
    double[] flat = new double[b.length * ph * pw];
    for (int c = 0; c < b.length; c++) {
      for (int r = 0; r < ph; r++) {
        for (int q = 0; q < pw; q++) {
          double v =
              Math.max(
                  Math.max(b[c][2 * r][2 * q], b[c][2 * r][2 * q + 1]),
                  Math.max(b[c][2 * r + 1][2 * q], b[c][2 * r + 1][2 * q + 1]));
          flat[(c * ph + r) * pw + q] = Math.max(0, v);
        }
      }
    }
    double[] h = denseNamed(m, "fc1_w", "fc1_b", flat, true);
    return denseNamed(m, "fc2_w", "fc2_b", h, false);
  }

  private static double[] denseNamed(Model m, String w, String b, double[] x, boolean relu) {
    Tensor wt = m.tensor(w);
    int out = wt.shape().dim(0);
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double s = m.tensor(b).get(o);
      for (int i = 0; i < x.length; i++) {
        s += wt.get(o * x.length + i) * x[i];
      }
      y[o] = relu ? Math.max(0, s) : s;
    }
    return y;
  }

  private static Model randomCnn(long seed) {
    Model m = Fixtures.random(CNN_NAMES, CNN_SHAPES, seed);
    Tensor var = m.tensor("bn_var");
    for (int i = 0; i < var.size(); i++) {
      var.set(i, Math.abs(var.get(i)) + 0.5f);
    }
    return m;
  }

  @Test
  void reorderedConvNetWithBatchNormAndFlattenComputesTheSameFunction() {
    Model m = randomCnn(3);
    ChannelImportance.Reordered r = ChannelImportance.reorderByL1(m, CNN_CHAIN);
    assertThat(r.permutations()).hasSize(3);
    for (int[] p : r.permutations().subList(0, 2)) {
      assertThat(p).isNotEqualTo(identity(p.length));
    }
    Random rnd = new Random(4);
    for (int n = 0; n < 10; n++) {
      double[][][] x = new double[1][8][8];
      for (double[] row : x[0]) {
        for (int j = 0; j < row.length; j++) {
          row[j] = rnd.nextGaussian();
        }
      }
      assertThat(cnnForward(r.model(), x)).containsExactly(cnnForward(m, x), within(1e-9));
    }
  }

  @Test
  void wrongBlockWouldChangeTheFunctionSoTheTestCanFail() {
    // Guard for the forward-pass oracle: permuting fc1's inputs column by column instead of block
    // by block must be detected.
    Model m = randomCnn(5);
    LayerChain noBlock =
        LayerChain.of(
            new LayerChain.Layer("c2_w", "c2_b", List.of(), 1),
            new LayerChain.Layer("fc1_w", "fc1_b", List.of(), 4),
            LayerChain.Layer.of("fc2_w", "fc2_b"));
    Model ok = ChannelImportance.reorderByL1(m, noBlock).model();
    Model bad = ok.copy();
    // Swap fc1 input columns 0 and 1 (inside one block): no longer matches c2's channels.
    Tensor w = bad.tensor("fc1_w");
    for (int o = 0; o < 7; o++) {
      float t = w.get(o * 20);
      w.set(o * 20, w.get(o * 20 + 1));
      w.set(o * 20 + 1, t);
    }
    double[][][] x = new double[1][8][8];
    Random rnd = new Random(6);
    for (double[] row : x[0]) {
      Arrays.setAll(row, j -> rnd.nextGaussian());
    }
    assertThat(cnnForward(ok, x)).containsExactly(cnnForward(m, x), within(1e-9));
    double[] want = cnnForward(m, x);
    double[] got = cnnForward(bad, x);
    double diff = 0;
    for (int i = 0; i < want.length; i++) {
      diff = Math.max(diff, Math.abs(want[i] - got[i]));
    }
    assertThat(diff).isGreaterThan(1e-3);
  }

  @Test
  void channelsEndUpInDecreasingL1NormAndHalfWidthKeepsTheHeaviest() {
    Model m = randomCnn(7);
    ChannelImportance.Reordered r = ChannelImportance.reorderByL1(m, CNN_CHAIN);
    Tensor c2 = r.model().tensor("c2_w");
    double[] norms = rowL1(c2);
    for (int j = 1; j < norms.length; j++) {
      assertThat(norms[j]).isLessThanOrEqualTo(norms[j - 1]);
    }
    // Row j of the reordered weight is original row p[j], and its bias moved with it.
    int[] p = r.permutations().get(0);
    Tensor orig = m.tensor("c1_w");
    for (int j = 0; j < p.length; j++) {
      assertThat(r.model().tensor("c1_b").get(j)).isEqualTo(m.tensor("c1_b").get(p[j]));
      assertThat(r.model().tensor("bn_var").get(j)).isEqualTo(m.tensor("bn_var").get(p[j]));
      for (int e = 0; e < 9; e++) {
        assertThat(r.model().tensor("c1_w").get(j * 9 + e)).isEqualTo(orig.get(p[j] * 9 + e));
      }
    }
    // c1 keeps all its (single) input channel, so its sliced rows carry their full norms: half
    // width must keep exactly the two heaviest of the original four.
    SlicePlan half = SlicePlan.of(CNN_CHAIN, CNN_NAMES, CNN_SHAPES, Ratio.parse("0.5"));
    double[] kept = rowL1(half.slice(r.model()).tensor("c1_w"));
    double[] all = rowL1(m.tensor("c1_w"));
    Arrays.sort(all);
    Arrays.sort(kept);
    assertThat(kept).containsExactly(new double[] {all[2], all[3]}, within(1e-9));
  }

  @Test
  void tiesKeepTheirOriginalOrder() {
    Model m = Fixtures.indexed(MLP_NAMES, MLP_SHAPES).zerosLike();
    ChannelImportance.Reordered r = ChannelImportance.reorderByL1(m, LayerChain.sequential(m));
    assertThat(r.permutations().get(0)).containsExactly(identity(8));
    assertThat(r.permutations().get(1)).containsExactly(identity(5));
  }

  @Test
  void singleLayerChainHasNoPermutation() {
    Model m = Fixtures.random(List.of("w", "b"), List.of(Shape.of(3, 4), Shape.of(3)), 8);
    ChannelImportance.Reordered r = ChannelImportance.reorderByL1(m, LayerChain.sequential(m));
    assertThat(r.permutations()).isEmpty();
    assertThat(r.model().contentEquals(m)).isTrue();
  }

  @Test
  void reorderRejectsAChainThatDoesNotFitNamingTheTensor() {
    Model m = Fixtures.random(MLP_NAMES, MLP_SHAPES, 9);
    LayerChain wrong = LayerChain.of(LayerChain.Layer.of("l0_weight", "l2_bias"));
    assertThatThrownBy(() -> ChannelImportance.reorderByL1(m, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l2_bias");
  }

  private static double[] rowL1(Tensor t) {
    int rows = t.shape().rows();
    int len = t.shape().rowLength();
    double[] n = new double[rows];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < len; j++) {
        n[r] += Math.abs(t.get(r * len + j));
      }
    }
    return n;
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    return p;
  }
}
