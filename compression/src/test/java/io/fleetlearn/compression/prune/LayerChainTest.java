package io.fleetlearn.compression.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerChainTest {

  @Test
  void sequentialInfersTheCnnChainWithTheFlattenBlock() {
    assertThat(LayerChain.sequential(Fixtures.cnn())).isEqualTo(Fixtures.cnnChain());
  }

  @Test
  void sequentialInfersAnMlpChain() {
    assertThat(LayerChain.sequential(Fixtures.mlp())).isEqualTo(Fixtures.mlpChain());
  }

  @Test
  void sequentialAcceptsLayersWithoutBias() {
    Model m =
        Model.of(
            Tensor.zeros("a", Shape.of(6, 4)),
            Tensor.zeros("b", Shape.of(5, 6)),
            Tensor.zeros("b_bias", Shape.of(5)),
            Tensor.zeros("c", Shape.of(2, 5)));
    assertThat(LayerChain.sequential(m))
        .isEqualTo(
            LayerChain.of(
                LayerChain.Layer.of("a", null),
                LayerChain.Layer.of("b", "b_bias"),
                LayerChain.Layer.of("c", null)));
  }

  @Test
  void sequentialRejectsARankOneTensorThatIsNotTheBiasNamingIt() {
    Model m =
        Model.of(
            Tensor.zeros("w", Shape.of(6, 4)),
            Tensor.zeros("stray", Shape.of(4)),
            Tensor.zeros("w2", Shape.of(2, 6)));
    assertThatThrownBy(() -> LayerChain.sequential(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stray");
  }

  @Test
  void sequentialRejectsInputsThatAreNotAMultipleOfThePreviousOutputsNamingTheWeight() {
    Model m =
        Model.of(
            Tensor.zeros("w1", Shape.of(6, 4)),
            Tensor.zeros("w1_b", Shape.of(6)),
            Tensor.zeros("w2", Shape.of(2, 9)));
    assertThatThrownBy(() -> LayerChain.sequential(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("w2")
        .hasMessageContaining("w1");
  }

  @Test
  void sequentialRejectsAnEmptyModelAndAnEmptyWeight() {
    assertThatThrownBy(() -> LayerChain.sequential(Model.of()))
        .isInstanceOf(IllegalArgumentException.class);
    Model m = Model.of(Tensor.zeros("w", Shape.of(0, 4)));
    assertThatThrownBy(() -> LayerChain.sequential(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("w");
  }

  @Test
  void chainAndLayerRejectBadArguments() {
    assertThatThrownBy(() -> new LayerChain(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LayerChain.Layer("w", null, List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputBlock");
    assertThatThrownBy(() -> LayerChain.Layer.of(null, "b"))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void chainCopiesItsList() {
    List<LayerChain.Layer> list = new ArrayList<>(Fixtures.mlpChain().layers());
    LayerChain c = new LayerChain(list);
    list.clear();
    assertThat(c.size()).isEqualTo(3);
  }

  @Test
  void validateAcceptsTheFixtures() {
    Fixtures.cnnChain().validate(Fixtures.cnn());
    Fixtures.mlpChain().validate(Fixtures.mlp());
  }

  private static void assertInvalid(LayerChain chain, List<Shape> shapes, String tensor) {
    List<String> names = List.of("w1", "b1", "g1", "w2", "b2").subList(0, shapes.size());
    assertThatThrownBy(() -> chain.validate(names, shapes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tensor);
  }

  private static final LayerChain TWO =
      LayerChain.of(
          new LayerChain.Layer("w1", "b1", List.of("g1"), 1), LayerChain.Layer.of("w2", "b2"));

  @Test
  void validateNamesAMissingTensor() {
    assertInvalid(TWO, List.of(Shape.of(4, 3), Shape.of(4), Shape.of(4), Shape.of(2, 4)), "b2");
  }

  @Test
  void validateNamesAWeightOfRankBelowTwo() {
    assertInvalid(
        TWO, List.of(Shape.of(4), Shape.of(4), Shape.of(4), Shape.of(2, 4), Shape.of(2)), "w1");
  }

  @Test
  void validateNamesABiasOfTheWrongSize() {
    assertInvalid(
        TWO, List.of(Shape.of(4, 3), Shape.of(4), Shape.of(4), Shape.of(2, 4), Shape.of(3)), "b2");
  }

  @Test
  void validateNamesAnAttachedTensorOfTheWrongSize() {
    assertInvalid(
        TWO, List.of(Shape.of(4, 3), Shape.of(4), Shape.of(5), Shape.of(2, 4), Shape.of(2)), "g1");
  }

  @Test
  void validateNamesAWeightWhoseInputsDoNotChain() {
    assertInvalid(
        TWO, List.of(Shape.of(4, 3), Shape.of(4), Shape.of(4), Shape.of(2, 5), Shape.of(2)), "w2");
    LayerChain blocked =
        LayerChain.of(
            new LayerChain.Layer("w1", "b1", List.of("g1"), 1),
            new LayerChain.Layer("w2", "b2", List.of(), 3));
    // 4 outputs x block 3 = 12 inputs expected.
    blocked.validate(
        List.of("w1", "b1", "g1", "w2", "b2"),
        List.of(Shape.of(4, 3), Shape.of(4), Shape.of(4), Shape.of(2, 12), Shape.of(2)));
    assertInvalid(
        blocked,
        List.of(Shape.of(4, 3), Shape.of(4), Shape.of(4), Shape.of(2, 4), Shape.of(2)),
        "w2");
  }

  @Test
  void validateNamesATensorUsedTwice() {
    LayerChain twice =
        LayerChain.of(
            LayerChain.Layer.of("w1", "b1"), new LayerChain.Layer("w2", "b2", List.of("b1"), 1));
    assertThatThrownBy(
            () ->
                twice.validate(
                    List.of("w1", "b1", "w2", "b2"),
                    List.of(Shape.of(4, 3), Shape.of(4), Shape.of(4, 4), Shape.of(4))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b1");
  }

  @Test
  void validateRejectsMismatchedNameAndShapeCounts() {
    assertThatThrownBy(() -> TWO.validate(List.of("w1"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
