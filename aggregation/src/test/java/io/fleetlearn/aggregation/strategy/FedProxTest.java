package io.fleetlearn.aggregation.strategy;

import static io.fleetlearn.aggregation.strategy.TestModels.model;
import static io.fleetlearn.aggregation.strategy.TestModels.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.compression.tensor.Model;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FedProxTest {
  @Test
  void everyTaskCarriesProximalMuBesideFedAvgsSettings() {
    FedAvg base = FedAvg.builder().optFraction(0.5).optEpochs(3).build();
    List<String> devices = List.of("a", "b", "c", "d", "e", "f");
    List<TrainTask> prox =
        new FedProx(base, 0.01).configureTrain(1, devices, new SplittableRandom(3));
    List<TrainTask> avg = base.configureTrain(1, devices, new SplittableRandom(3));
    assertThat(prox).hasSize(3);
    for (int i = 0; i < prox.size(); i++) {
      assertThat(prox.get(i).deviceId()).isEqualTo(avg.get(i).deviceId());
      assertThat(prox.get(i).config())
          .containsEntry("proximalMu", "0.01")
          .containsEntry("epochs", "3")
          .hasSize(avg.get(i).config().size() + 1);
    }
  }

  @Test
  void theServerSideIsFedAvgs() {
    FedAvg base = TestModels.plain();
    Model global = model(1, 1, 1, 1, 1, 1, 1, 1);
    List<TrainResult> results =
        List.of(
            result("a", 2, 10, 1, 2, 3, 4, 5, 6, 7, 8), result("b", 2, 30, 8, 7, 6, 5, 4, 3, 2, 1));
    Model avg = base.aggregateTrain(2, global, null, results, List.of()).orElseThrow();
    Model prox =
        new FedProx(base, 0.1).aggregateTrain(2, global, null, results, List.of()).orElseThrow();
    assertThat(prox.contentEquals(avg)).isTrue();
  }

  @Test
  void aNegativeMuIsRejected() {
    assertThatThrownBy(() -> new FedProx(TestModels.plain(), -0.1))
        .hasMessageContaining("proximalMu (-0.1)");
  }
}
