package io.fleetlearn.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSpecTest {

  @Test
  void cnnHasTheReferenceLayoutAndParameterCount() {
    ModelSpec cnn = ModelSpec.parse("cnn");

    assertThat(cnn.tensors())
        .extracting(TensorInfo::shape)
        .containsExactly(
            Shape.of(16, 1, 5, 5),
            Shape.of(16),
            Shape.of(32, 16, 5, 5),
            Shape.of(32),
            Shape.of(128, 512),
            Shape.of(128),
            Shape.of(10, 128),
            Shape.of(10));
    assertThat(cnn.parameterCount(Ratio.of(1))).isEqualTo(80_202);
  }

  @Test
  void cnnAtHalfWidthSlicesChannelsAndTheFlattenedBlocks() {
    ModelSpec cnn = ModelSpec.parse("cnn");

    assertThat(cnn.tensors(Ratio.of(0.5)))
        .extracting(TensorInfo::shape)
        .containsExactly(
            Shape.of(8, 1, 5, 5),
            Shape.of(8),
            Shape.of(16, 8, 5, 5),
            Shape.of(16),
            Shape.of(64, 256),
            Shape.of(64),
            Shape.of(10, 64),
            Shape.of(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cnn", "cnn(5)", "mlp(784, 200, 10)", "mlp(20, 3)", "sensor1d(24, 5)"})
  void textFormRoundTrips(String text) {
    assertThat(ModelSpec.parse(text)).hasToString(text);
    assertThat(ModelSpec.parse(ModelSpec.parse(text).toString())).isEqualTo(ModelSpec.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "resnet", "mlp(784)", "cnn(0)", "sensor1d(24)", "mlp(a, 10)", "cnn("})
  void badSpecsAreRefusedWithTheAcceptedForms(String text) {
    assertThatThrownBy(() -> ModelSpec.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void initializationIsSeededAndWithinPytorchsDefaultBounds() {
    ModelSpec mlp = ModelSpec.parse("mlp(784, 200, 10)");

    Model a = mlp.initialize(1);
    Model b = mlp.initialize(1);

    assertThat(a.contentEquals(b)).isTrue();
    assertThat(a.contentEquals(mlp.initialize(2))).isFalse();
    Tensor fc1 = a.tensor("fc1.weight");
    double bound = 1 / Math.sqrt(784);
    for (int i = 0; i < fc1.size(); i++) {
      assertThat(Math.abs(fc1.get(i))).isLessThanOrEqualTo((float) bound);
    }
    Tensor fc2bias = a.tensor("fc2.bias");
    for (int i = 0; i < fc2bias.size(); i++) {
      assertThat(Math.abs(fc2bias.get(i))).isLessThanOrEqualTo((float) (1 / Math.sqrt(200)));
    }
  }

  @Test
  void sensorModelSlicesItsConvolutionChannels() {
    ModelSpec s = ModelSpec.parse("sensor1d(24, 5)");

    assertThat(s.tensors(Ratio.of(0.25)))
        .extracting(TensorInfo::shape)
        .containsExactly(
            Shape.of(4, 1, 3),
            Shape.of(4),
            Shape.of(8, 4, 3),
            Shape.of(8),
            Shape.of(5, 8),
            Shape.of(5));
    assertThat(s.activationsPerExample(Ratio.of(1)))
        .isGreaterThan(s.activationsPerExample(Ratio.of(0.25)));
  }
}
