package io.fleetlearn.compression.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlicePlanTest {

  static Stream<Arguments> cnnWidths() {
    // width, conv1 channels, conv2 channels, hidden linear units
    return Stream.of(
        Arguments.of("0.25", 4, 8, 32),
        Arguments.of("0.5", 8, 16, 64),
        Arguments.of("0.75", 12, 24, 96),
        Arguments.of("1.0", 16, 32, 128));
  }

  static Stream<Arguments> mlpWidths() {
    // width, then ceil(width * 30) and ceil(width * 7)
    return Stream.of(
        Arguments.of("0.25", 8, 2),
        Arguments.of("0.5", 15, 4),
        Arguments.of("0.75", 23, 6),
        Arguments.of("1.0", 30, 7));
  }

  private static SlicePlan plan(Model m, LayerChain chain, String width) {
    return SlicePlan.of(chain, m.names(), m.shapes(), Ratio.parse(width));
  }

  @ParameterizedTest
  @MethodSource("cnnWidths")
  void cnnSlicedShapesKeepPrefixesOfHiddenChannelsAndWholeInputsAndOutputs(
      String width, int c1, int c2, int h) {
    Model full = Fixtures.cnn();
    SlicePlan p = plan(full, Fixtures.cnnChain(), width);
    assertThat(p.slicedShapes())
        .containsExactly(
            Shape.of(c1, 1, 5, 5),
            Shape.of(c1),
            Shape.of(c2, c1, 5, 5),
            Shape.of(c2),
            Shape.of(h, c2 * 16),
            Shape.of(h),
            Shape.of(10, h),
            Shape.of(10));
    assertThat(p.slicedShape(2)).isEqualTo(Shape.of(c2, c1, 5, 5));
    long expected = c1 * 25L + c1 + c2 * c1 * 25L + c2 + h * c2 * 16L + h + 10L * h + 10;
    assertThat(p.parameterCount()).isEqualTo(expected);
    assertThat(p.slice(full).parameterCount()).isEqualTo(expected);
    assertThat(p.width()).isEqualTo(Ratio.parse(width));
    assertThat(p.names()).isEqualTo(full.names());
    assertThat(p.fullShapes()).isEqualTo(full.shapes());
  }

  @Test
  void cnnAtHalfWidthHasTheHandCountedParameters() {
    Model full = Fixtures.cnn();
    // 8*25+8 + 16*8*25+16 + 64*256+64 + 10*64+10
    assertThat(plan(full, Fixtures.cnnChain(), "0.5").parameterCount()).isEqualTo(20_522);
    assertThat(plan(full, Fixtures.cnnChain(), "1.0").parameterCount())
        .isEqualTo(full.parameterCount());
  }

  @ParameterizedTest
  @MethodSource("mlpWidths")
  void mlpSlicedShapesRoundHiddenWidthsUp(String width, int h1, int h2) {
    Model full = Fixtures.mlp();
    SlicePlan p = plan(full, Fixtures.mlpChain(), width);
    assertThat(p.slicedShapes())
        .containsExactly(
            Shape.of(h1, 20),
            Shape.of(h1),
            Shape.of(h2, h1),
            Shape.of(h2),
            Shape.of(10, h2),
            Shape.of(10));
  }

  static Stream<Arguments> bothModels() {
    List<Arguments> list = new ArrayList<>();
    for (String w : List.of("0.25", "0.5", "0.75", "1.0")) {
      list.add(Arguments.of("cnn", w));
      list.add(Arguments.of("mlp", w));
    }
    return list.stream();
  }

  private static Model model(String which) {
    return which.equals("cnn") ? Fixtures.cnn() : Fixtures.mlp();
  }

  private static LayerChain chain(String which) {
    return which.equals("cnn") ? Fixtures.cnnChain() : Fixtures.mlpChain();
  }

  @ParameterizedTest
  @MethodSource("bothModels")
  void slicedValuesComeFromTheSameMultiIndexOfTheFullTensor(String which, String width) {
    Model full = model(which);
    SlicePlan p = plan(full, chain(which), width);
    Model sliced = p.slice(full);
    assertThat(sliced.names()).isEqualTo(full.names());
    assertThat(sliced.shapes()).isEqualTo(p.slicedShapes());
    for (int t = 0; t < full.size(); t++) {
      Tensor f = full.tensor(t);
      Tensor s = sliced.tensor(t);
      assertThat(s.array()).isNotSameAs(f.array());
      for (int i = 0; i < s.size(); i++) {
        int at = Fixtures.fullIndex(s.shape(), f.shape(), i);
        assertThat(s.get(i)).as("%s element %d", s.name(), i).isEqualTo(f.get(at));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("bothModels")
  void embedOfSliceRestoresCoveredPositionsAndLeavesTheRestAlone(String which, String width) {
    Model full = model(which);
    SlicePlan p = plan(full, chain(which), width);
    Model sliced = p.slice(full);
    Model target = full.zerosLike();
    for (Tensor t : target.tensors()) {
      java.util.Arrays.fill(t.array(), t.offset(), t.offset() + t.size(), -1f);
    }
    p.embed(sliced, target);
    for (int t = 0; t < full.size(); t++) {
      Tensor f = full.tensor(t);
      Tensor g = target.tensor(t);
      boolean[] covered = new boolean[f.size()];
      for (int i = 0; i < p.slicedShape(t).size(); i++) {
        covered[Fixtures.fullIndex(p.slicedShape(t), f.shape(), i)] = true;
      }
      for (int i = 0; i < f.size(); i++) {
        assertThat(g.get(i))
            .as("%s element %d", f.name(), i)
            .isEqualTo(covered[i] ? f.get(i) : -1f);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("bothModels")
  void runsCoverEverySlicedElementOnceAtTheFullPositionSliceUses(String which, String width) {
    Model full = model(which);
    SlicePlan p = plan(full, chain(which), width);
    Model sliced = p.slice(full);
    int[][] hits = new int[full.size()][];
    for (int t = 0; t < full.size(); t++) {
      hits[t] = new int[p.slicedShape(t).size()];
    }
    int[] lastTensor = {-1};
    int[] lastEnd = {0};
    p.forEachRun(
        (t, fo, so, len) -> {
          assertThat(len).isPositive();
          // Runs come tensor by tensor, in increasing sliced offset.
          assertThat(t).isGreaterThanOrEqualTo(lastTensor[0]);
          if (t != lastTensor[0]) {
            lastEnd[0] = 0;
          }
          assertThat(so).isGreaterThanOrEqualTo(lastEnd[0]);
          lastTensor[0] = t;
          lastEnd[0] = so + len;
          for (int j = 0; j < len; j++) {
            hits[t][so + j]++;
            assertThat(sliced.tensor(t).get(so + j)).isEqualTo(full.tensor(t).get(fo + j));
            assertThat(fo + j)
                .isEqualTo(Fixtures.fullIndex(p.slicedShape(t), p.fullShapes().get(t), so + j));
          }
        });
    for (int t = 0; t < full.size(); t++) {
      for (int h : hits[t]) {
        assertThat(h).isEqualTo(1);
      }
    }
  }

  @Test
  void runsAreMaximalOneForATensorCutAlongDimensionZeroOnlyOnePerRowOtherwise() {
    Model full = Fixtures.cnn();
    SlicePlan p = plan(full, Fixtures.cnnChain(), "0.5");
    int[] runs = new int[full.size()];
    p.forEachRun((t, fo, so, len) -> runs[t]++);
    // conv1 keeps all its inputs (one run); conv2 and the linears are cut along dim 1 (a run per
    // kept row); biases are one run each.
    assertThat(runs).containsExactly(1, 1, 16, 1, 64, 1, 10, 1);
    int[] whole = new int[full.size()];
    plan(full, Fixtures.cnnChain(), "1.0").forEachRun((t, fo, so, len) -> whole[t]++);
    assertThat(whole).containsOnly(1);
  }

  @Test
  void fullWidthSliceEqualsTheModel() {
    Model full = Fixtures.cnn();
    assertThat(plan(full, Fixtures.cnnChain(), "100%").slice(full).contentEquals(full)).isTrue();
  }

  @Test
  void tinyWidthKeepsAtLeastOneChannel() {
    Model full = Fixtures.mlp();
    SlicePlan p = plan(full, Fixtures.mlpChain(), "0.01%");
    assertThat(p.slicedShape(0)).isEqualTo(Shape.of(1, 20));
    assertThat(p.slicedShape(2)).isEqualTo(Shape.of(1, 1));
    assertThat(p.slicedShape(4)).isEqualTo(Shape.of(10, 1));
  }

  @Test
  void zeroWidthIsRejected() {
    Model full = Fixtures.mlp();
    assertThatThrownBy(() -> plan(full, Fixtures.mlpChain(), "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width");
  }

  @Test
  void tensorsOutsideTheChainAreKeptWholeAndAttachedOnesAreCutWithTheirWeight() {
    List<String> names =
        List.of("emb", "fc1_w", "bn_gamma", "bn_mean", "fc1_b", "fc2_w", "fc2_b", "temperature");
    List<Shape> shapes =
        List.of(
            Shape.of(5, 3),
            Shape.of(8, 6),
            Shape.of(8),
            Shape.of(8, 2),
            Shape.of(8),
            Shape.of(4, 8),
            Shape.of(4),
            Shape.of());
    Model full = Fixtures.indexed(names, shapes);
    LayerChain chain =
        LayerChain.of(
            new LayerChain.Layer("fc1_w", "fc1_b", List.of("bn_gamma", "bn_mean"), 1),
            LayerChain.Layer.of("fc2_w", "fc2_b"));
    SlicePlan p = SlicePlan.of(chain, names, shapes, Ratio.parse("0.5"));
    assertThat(p.slicedShapes())
        .containsExactly(
            Shape.of(5, 3),
            Shape.of(4, 6),
            Shape.of(4),
            Shape.of(4, 2),
            Shape.of(4),
            Shape.of(4, 4),
            Shape.of(4),
            Shape.of());
    Model sliced = p.slice(full);
    assertThat(sliced.tensor("emb").contentEquals(full.tensor("emb"))).isTrue();
    assertThat(sliced.tensor("temperature").contentEquals(full.tensor("temperature"))).isTrue();
    assertThat(sliced.tensor("bn_mean").toArray())
        .containsExactly(java.util.Arrays.copyOf(full.tensor("bn_mean").toArray(), 8));
  }

  @Test
  void sliceRejectsAModelOfAnotherLayoutNamingTheTensor() {
    Model full = Fixtures.mlp();
    SlicePlan p = plan(full, Fixtures.mlpChain(), "0.5");
    Model other = Fixtures.indexed(full.names(), Fixtures.mlpShapes(20, 30, 8, 10));
    assertThatThrownBy(() -> p.slice(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fc2_weight");
    Model sliced = p.slice(full);
    assertThatThrownBy(() -> p.embed(full, full.copy()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sliced");
    assertThatThrownBy(() -> p.embed(sliced, sliced.copy()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("full");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cnn", "mlp"})
  void narrowerSliceIsTheRelativeSliceOfAWiderOne(String which) {
    Model full = model(which);
    List<String> widths = List.of("0.25", "0.5", "0.75", "1.0");
    for (String a : widths) {
      for (String b : widths) {
        SlicePlan narrow = plan(full, chain(which), a);
        SlicePlan wide = plan(full, chain(which), b);
        if (narrow.width().ppm() > wide.width().ppm()) {
          continue;
        }
        SlicePlan rel = narrow.relativeTo(wide);
        assertThat(rel.fullShapes()).isEqualTo(wide.slicedShapes());
        assertThat(rel.slicedShapes()).isEqualTo(narrow.slicedShapes());
        assertThat(rel.slice(wide.slice(full)).contentEquals(narrow.slice(full)))
            .as("%s inside %s", a, b)
            .isTrue();
      }
    }
  }

  @Test
  void relativeToRejectsAPlanThatIsNarrower() {
    Model full = Fixtures.mlp();
    SlicePlan narrow = plan(full, Fixtures.mlpChain(), "0.25");
    SlicePlan wide = plan(full, Fixtures.mlpChain(), "0.5");
    assertThatThrownBy(() -> wide.relativeTo(narrow))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fc1_weight");
  }

  @Test
  void dyadicWidthsOverDivisibleChannelCountsNestAtTheRelativeWidth() {
    // HeteroFL's case: r2 * n is an integer and r1 / r2 is exact, so ceil rounding agrees.
    Model full = Fixtures.cnn();
    LayerChain chain = Fixtures.cnnChain();
    List<String> widths = List.of("0.0625", "0.125", "0.25", "0.5", "1.0");
    for (int i = 0; i < widths.size(); i++) {
      for (int j = i; j < widths.size(); j++) {
        Ratio r1 = Ratio.parse(widths.get(i));
        Ratio r2 = Ratio.parse(widths.get(j));
        SlicePlan wide = SlicePlan.of(chain, full.names(), full.shapes(), r2);
        Ratio relative = new Ratio((int) ((long) r1.ppm() * Ratio.ONE / r2.ppm()));
        SlicePlan again = SlicePlan.of(chain, full.names(), wide.slicedShapes(), relative);
        Model direct = SlicePlan.of(chain, full.names(), full.shapes(), r1).slice(full);
        assertThat(again.slice(wide.slice(full)).contentEquals(direct))
            .as("%s from %s", r1, r2)
            .isTrue();
      }
    }
  }

  @Test
  void relativeWidthDoesNotNestWhenTheWiderSliceWasRoundedUp() {
    // The documented exception: 10 channels at 3/4 keep 8, at 1/2 keep 5, but 2/3 of 8 rounds to 6.
    List<String> names = Fixtures.mlpNames(2);
    List<Shape> shapes = Fixtures.mlpShapes(4, 10, 3);
    LayerChain chain =
        LayerChain.of(
            LayerChain.Layer.of("l0_weight", "l0_bias"),
            LayerChain.Layer.of("l1_weight", "l1_bias"));
    SlicePlan wide = SlicePlan.of(chain, names, shapes, Ratio.parse("0.75"));
    SlicePlan narrow = SlicePlan.of(chain, names, shapes, Ratio.parse("0.5"));
    SlicePlan again = SlicePlan.of(chain, names, wide.slicedShapes(), Ratio.of(2.0 / 3));
    assertThat(wide.slicedShape(0).dim(0)).isEqualTo(8);
    assertThat(narrow.slicedShape(0).dim(0)).isEqualTo(5);
    assertThat(again.slicedShape(0).dim(0)).isEqualTo(6);
    // relativeTo has no such exception.
    Model full = Fixtures.indexed(names, shapes);
    assertThat(narrow.relativeTo(wide).slice(wide.slice(full)).contentEquals(narrow.slice(full)))
        .isTrue();
  }
}
