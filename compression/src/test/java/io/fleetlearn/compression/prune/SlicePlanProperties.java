package io.fleetlearn.compression.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SlicePlanProperties {

  /** A random sequential chain: linear or conv layers, optional biases, flatten blocks. */
  record Net(LayerChain chain, List<String> names, List<Shape> shapes) {
    Model indexed() {
      return Fixtures.indexed(names, shapes);
    }
  }

  static Net net(long seed, int layers, int unit) {
    Random rnd = new Random(seed);
    List<LayerChain.Layer> list = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    int prevOut = 1 + rnd.nextInt(4);
    for (int k = 0; k < layers; k++) {
      int out = unit * (1 + rnd.nextInt(6));
      int block = k == 0 ? 1 : 1 + rnd.nextInt(3);
      int kernel = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(3);
      int[] dims =
          kernel == 0
              ? new int[] {out, prevOut * block}
              : new int[] {out, prevOut * block, kernel, kernel};
      String w = "L" + k + "_weight";
      names.add(w);
      shapes.add(Shape.of(dims));
      String b = null;
      if (rnd.nextBoolean()) {
        b = "L" + k + "_bias";
        names.add(b);
        shapes.add(Shape.of(out));
      }
      list.add(new LayerChain.Layer(w, b, List.of(), block));
      prevOut = out;
    }
    return new Net(new LayerChain(list), names, shapes);
  }

  @Property(tries = 200)
  void runsCoverEverySlicedElementOnceAndAgreeWithSlice(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int layers,
      @ForAll @IntRange(min = 1, max = Ratio.ONE) int ppm) {
    Net net = net(seed, layers, 1);
    Model full = net.indexed();
    SlicePlan p = SlicePlan.of(net.chain(), net.names(), net.shapes(), new Ratio(ppm));
    Model sliced = p.slice(full);
    long[] covered = new long[1];
    int[][] hits = new int[full.size()][];
    for (int t = 0; t < hits.length; t++) {
      hits[t] = new int[p.slicedShape(t).size()];
    }
    p.forEachRun(
        (t, fo, so, len) -> {
          for (int j = 0; j < len; j++) {
            hits[t][so + j]++;
            assertThat(fo + j)
                .isEqualTo(Fixtures.fullIndex(p.slicedShape(t), p.fullShapes().get(t), so + j));
            assertThat(sliced.tensor(t).get(so + j)).isEqualTo(full.tensor(t).get(fo + j));
          }
          covered[0] += len;
        });
    assertThat(covered[0]).isEqualTo(p.parameterCount()).isEqualTo(sliced.parameterCount());
    for (int[] h : hits) {
      for (int x : h) {
        assertThat(x).isEqualTo(1);
      }
    }
  }

  @Property(tries = 200)
  void embedOfSliceIsTheIdentityOnCoveredPositions(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int layers,
      @ForAll @IntRange(min = 1, max = Ratio.ONE) int ppm) {
    Net net = net(seed, layers, 1);
    Model full = net.indexed();
    SlicePlan p = SlicePlan.of(net.chain(), net.names(), net.shapes(), new Ratio(ppm));
    Model target = full.zerosLike();
    for (Tensor t : target.tensors()) {
      Arrays.fill(t.array(), t.offset(), t.offset() + t.size(), -1f);
    }
    p.embed(p.slice(full), target);
    long restored = 0;
    for (int t = 0; t < full.size(); t++) {
      for (int i = 0; i < full.tensor(t).size(); i++) {
        float v = target.tensor(t).get(i);
        if (v != -1f) {
          assertThat(v).isEqualTo(full.tensor(t).get(i));
          restored++;
        }
      }
    }
    assertThat(restored).isEqualTo(p.parameterCount());
    // And slicing what was embedded gives the slice back.
    assertThat(p.slice(target).contentEquals(p.slice(full))).isTrue();
  }

  @Property(tries = 200)
  void narrowerSliceIsTheRelativeSliceOfAnyWiderOne(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int layers,
      @ForAll @IntRange(min = 1, max = Ratio.ONE) int a,
      @ForAll @IntRange(min = 1, max = Ratio.ONE) int b) {
    Net net = net(seed, layers, 1);
    Model full = net.indexed();
    SlicePlan narrow =
        SlicePlan.of(net.chain(), net.names(), net.shapes(), new Ratio(Math.min(a, b)));
    SlicePlan wide =
        SlicePlan.of(net.chain(), net.names(), net.shapes(), new Ratio(Math.max(a, b)));
    assertThat(narrow.relativeTo(wide).slice(wide.slice(full)).contentEquals(narrow.slice(full)))
        .isTrue();
  }

  @Property(tries = 200)
  void dyadicWidthsNestAtTheRelativeWidthWhenChannelCountsAreDivisible(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int layers,
      @ForAll @IntRange(min = 0, max = 4) int e1,
      @ForAll @IntRange(min = 0, max = 4) int e2) {
    // Hidden widths are multiples of 16, so every 2^-e * n (e <= 4) is an integer.
    Net net = net(seed, layers, 16);
    Model full = net.indexed();
    int wide = Math.min(e1, e2);
    int narrow = Math.max(e1, e2);
    SlicePlan p2 =
        SlicePlan.of(net.chain(), net.names(), net.shapes(), new Ratio(Ratio.ONE >> wide));
    SlicePlan p1 =
        SlicePlan.of(net.chain(), net.names(), net.shapes(), new Ratio(Ratio.ONE >> narrow));
    SlicePlan again =
        SlicePlan.of(
            net.chain(), net.names(), p2.slicedShapes(), new Ratio(Ratio.ONE >> (narrow - wide)));
    assertThat(again.slicedShapes()).isEqualTo(p1.slicedShapes());
    assertThat(again.slice(p2.slice(full)).contentEquals(p1.slice(full))).isTrue();
  }

  @Property(tries = 200)
  void sequentialRecoversAGeneratedChain(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int layers) {
    Net net = net(seed, layers, 1);
    Model m = net.indexed();
    // The first layer's block is never inferred (there is no previous layer), and is 1 here.
    assertThat(LayerChain.sequential(m)).isEqualTo(net.chain());
  }
}
