package io.fleetlearn.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.simulator.data.DataChoice;
import io.fleetlearn.simulator.fleet.FleetFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole simulator over the in-process transport: the real coordinator (no broker) and the real
 * device client on the bus, a few rounds on the bundled sample (as {@link SimulationTest}), with a
 * limit per round.
 */
class InProcessSimulationTest {
  @TempDir Path out;

  @Test
  void sixDevices_threeRounds_fourPerRound_inProcess_testAccuracyRisesAboveTheBound()
      throws Exception {
    // Arrange
    FleetFile fleet =
        FleetFile.fromYaml(
            """
            devices:
              - {profile: pi-5-8gb, count: 3, link: ethernet}
              - {profile: pi-4-2gb, count: 3, link: wifi}
            """);
    Settings settings =
        new Settings(
            fleet,
            "test",
            DataChoice.bundled(),
            1.0,
            8,
            7,
            2,
            new Settings.Training(
                "mlp(784, 32, 10)",
                "fedavg",
                3,
                1.0,
                1.0,
                60,
                2,
                16,
                0.1,
                Optimizer.SGD,
                "Int8 + Zstd",
                "auto",
                true),
            out,
            Settings.Replay.NONE,
            false,
            new Settings.Scale(TransportKind.IN_PROCESS, 4, Optional.of(Duration.ofMillis(500))));
    List<TransportKind> online = new CopyOnWriteArrayList<>();

    // Act
    Outcome o =
        new Simulation(
                settings,
                new ProgressListener() {
                  @Override
                  public void started(
                      String dashboard, int devices, String dataSource, String runFolder) {}

                  @Override
                  public void online(int devices, double seconds, TransportKind transport) {
                    online.add(transport);
                  }

                  @Override
                  public void round(RoundRecord record, int totalRounds) {}
                })
            .run();

    // Assert
    assertThat(online).containsExactly(TransportKind.IN_PROCESS);
    List<RoundRecord> rounds = o.rounds();
    assertThat(rounds).hasSize(4);
    assertThat(rounds.subList(1, 4))
        .allSatisfy(
            r -> {
              assertThat(r.state()).isEqualTo("CLOSED");
              assertThat(r.selected()).isEqualTo(4);
              assertThat(r.participants()).isEqualTo(4);
              assertThat(r.bytesUp()).isPositive().isLessThan(r.denseBytesUp());
            });
    assertThat(o.finalAccuracy())
        .isGreaterThan(SimulationTest.ACCURACY_BOUND)
        .isGreaterThan(rounds.get(0).accuracy());
    assertThat(o.trainingState()).isEqualTo("COMPLETED");
  }
}
