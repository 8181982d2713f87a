package io.fleetlearn.coordinator.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.aggregation.fedopt.FedAdam;
import io.fleetlearn.aggregation.robust.TrimmedMean;
import io.fleetlearn.aggregation.strategy.FedAvg;
import io.fleetlearn.aggregation.strategy.FedProx;
import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyFactoryTest {
  private static TrainingRequest with(String strategy, Map<String, Double> options) {
    TrainingRequest d = TrainingRequest.defaults("t");
    return new TrainingRequest(
        d.name(),
        d.spec(),
        strategy,
        options,
        d.rounds(),
        d.fraction(),
        d.minDevices(),
        d.maxDevices(),
        d.quorum(),
        d.deadlineSeconds(),
        d.epochs(),
        d.batchSize(),
        d.learningRate(),
        d.optimizer(),
        0.01,
        d.l1(),
        d.uploadPipeline(),
        d.downloadPipeline(),
        d.sizing(),
        d.evaluateEvery(),
        d.maxSamplesPerUpdate(),
        d.normBound(),
        d.seed());
  }

  @Test
  void build_mapsEveryKnownStrategyName() {
    for (String name : TrainingRequest.STRATEGIES) {
      if (!name.equals("fedbuff")) {
        assertThat(StrategyFactory.build(with(name, Map.of()))).as(name).isNotNull();
      }
    }
    StrategyFactory.validate(with("fedbuff", Map.of("bufferSize", 3.0)));
  }

  @Test
  void build_mapsOptionsToTheStrategy() {
    FedAvg avg = (FedAvg) StrategyFactory.build(with("fedavg", Map.of("serverLr", 0.5)));
    FedProx prox = (FedProx) StrategyFactory.build(with("fedprox", Map.of()));

    assertThat(avg.serverLr()).isEqualTo(0.5);
    assertThat(prox.proximalMu()).isEqualTo(0.01);
    assertThat(StrategyFactory.build(with("fedadam", Map.of("tau", 0.01))))
        .isInstanceOf(FedAdam.class);
    assertThat(
            ((TrimmedMean) StrategyFactory.build(with("trimmed-mean", Map.of("trim", 0.2)))).beta())
        .isEqualTo(0.2);
  }

  @Test
  void validate_refusesAnUnknownOptionName_namingItAndTheKnownOnes() {
    assertThatThrownBy(() -> StrategyFactory.validate(with("fedavg", Map.of("momentum", 0.9))))
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.kind()).isEqualTo(FleetException.Kind.INVALID))
        .hasMessageContaining("strategyOptions.momentum")
        .hasMessageContaining("serverLr");
  }

  @Test
  void validate_refusesAnOutOfRangeValue() {
    assertThatThrownBy(() -> StrategyFactory.validate(with("trimmed-mean", Map.of("trim", 0.7))))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("beta");
    assertThatThrownBy(() -> StrategyFactory.validate(with("krum", Map.of("byzantine", 1.5))))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("byzantine");
  }
}
