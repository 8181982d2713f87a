package io.fleetlearn.device.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DjlModelsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "cnn; 1",
        "cnn; 0.5",
        "cnn; 0.25",
        "mlp(784, 200, 10); 1",
        "mlp(784, 64, 32, 10); 0.3",
        "sensor1d(12, 4); 1",
        "sensor1d(12, 4); 0.5"
      })
  void parametersMapOneToOneOntoTheSpecTensors(String text, double w) {
    ModelSpec spec = ModelSpec.parse(text);
    Ratio width = Ratio.of(w);
    try (NDManager m = DjlRuntime.engine().newBaseManager(Device.cpu())) {
      Block block = DjlModels.build(spec, width);
      block.initialize(m, DataType.FLOAT32, DjlModels.inputShape(spec, 1));

      List<DjlModels.Binding> b = DjlModels.bind(block, spec, width);

      assertThat(b.stream().map(DjlModels.Binding::tensor).toList()).isEqualTo(spec.tensors(width));
    }
  }

  @Test
  void weightsLoadedAreReadBackUnchanged() {
    ModelSpec spec = ModelSpec.parse("sensor1d(12, 4)");
    Model weights = spec.initialize(5);
    try (NDManager m = DjlRuntime.engine().newBaseManager(Device.cpu())) {
      Block block = DjlModels.build(spec, Ratio.of(1));
      block.initialize(m, DataType.FLOAT32, DjlModels.inputShape(spec, 1));
      List<DjlModels.Binding> b = DjlModels.bind(block, spec, Ratio.of(1));

      DjlModels.load(b, weights);

      assertThat(DjlModels.read(b).contentEquals(weights)).isTrue();
    }
  }

  @Test
  void aNetworkOfAnotherWidthFailsNamingTheParameterAndBothShapes() {
    ModelSpec cnn = ModelSpec.parse("cnn");
    try (NDManager m = DjlRuntime.engine().newBaseManager(Device.cpu())) {
      Block half = DjlModels.build(cnn, Ratio.of(0.5));
      half.initialize(m, DataType.FLOAT32, DjlModels.inputShape(cnn, 1));

      assertThatThrownBy(() -> DjlModels.bind(half, cnn, Ratio.of(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("(8, 1, 5, 5)")
          .hasMessageContaining("conv1.weight [16, 1, 5, 5]");
    }
  }

  @Test
  void aNetworkOfAnotherDepthFailsListingBothNameLists() {
    ModelSpec deep = ModelSpec.parse("mlp(784, 64, 32, 10)");
    ModelSpec shallow = ModelSpec.parse("mlp(784, 64, 10)");
    try (NDManager m = DjlRuntime.engine().newBaseManager(Device.cpu())) {
      Block block = DjlModels.build(shallow, Ratio.of(1));
      block.initialize(m, DataType.FLOAT32, DjlModels.inputShape(shallow, 1));

      assertThatThrownBy(() -> DjlModels.bind(block, deep, Ratio.of(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has 4 parameters")
          .hasMessageContaining("fc3.bias");
    }
  }

  @Test
  void inputShapePrependsTheBatch() {
    assertThat(DjlModels.inputShape(ModelSpec.parse("cnn"), 32))
        .isEqualTo(new ai.djl.ndarray.types.Shape(32, 1, 28, 28));
  }
}
