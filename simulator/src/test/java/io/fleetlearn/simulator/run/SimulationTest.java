package io.fleetlearn.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.simulator.data.DataChoice;
import io.fleetlearn.simulator.fleet.FleetFile;
import io.fleetlearn.simulator.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole simulator: the real coordinator with its embedded broker, four virtual devices running
 * the real device client over real MQTT, three rounds on the bundled sample.
 */
class SimulationTest {
  /** Ten classes: a model that learned nothing sits near 0.1. */
  static final double ACCURACY_BOUND = 0.4;

  @TempDir Path out;

  @Test
  void fourDevices_threeRounds_overTheEmbeddedBroker_testAccuracyRisesAboveTheBound()
      throws Exception {
    // Arrange
    FleetFile fleet =
        FleetFile.fromYaml(
            """
            devices:
              - {profile: pi-5-8gb, count: 2, link: ethernet}
              - {profile: pi-4-2gb, count: 2, link: wifi}
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
            out);

    // Act
    Outcome o = new Simulation(settings, new NoProgress()).run();
    Path report = Reports.write(o);

    // Assert
    List<RoundRecord> rounds = o.rounds();
    assertThat(rounds).hasSize(4);
    assertThat(rounds.subList(1, 4))
        .allSatisfy(
            r -> {
              assertThat(r.state()).isEqualTo("CLOSED");
              assertThat(r.participants()).isEqualTo(4);
              assertThat(r.bytesUp()).isPositive().isLessThan(r.denseBytesUp());
            });
    assertThat(o.finalAccuracy())
        .isGreaterThan(ACCURACY_BOUND)
        .isGreaterThan(rounds.get(0).accuracy());
    assertThat(o.trainingState()).isEqualTo("COMPLETED");
    assertThat(report).exists();
    assertThat(Files.readString(report)).contains("<svg").doesNotContain("http://cdn", "https://");
    assertThat(Files.readAllLines(o.runFolder().resolve("rounds.csv"))).hasSize(5);
    assertThat(o.runFolder().resolve("accuracy.png")).isNotEmptyFile();
  }

  private static final class NoProgress implements ProgressListener {
    @Override
    public void started(String dashboard, int devices, String dataSource, String runFolder) {}

    @Override
    public void round(RoundRecord record, int totalRounds) {}
  }
}
