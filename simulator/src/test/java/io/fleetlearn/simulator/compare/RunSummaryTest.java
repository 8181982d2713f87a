package io.fleetlearn.simulator.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.simulator.data.DataChoice;
import io.fleetlearn.simulator.fleet.FleetFile;
import io.fleetlearn.simulator.run.Outcome;
import io.fleetlearn.simulator.run.RoundRecord;
import io.fleetlearn.simulator.run.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
  private static RoundRecord round(long n, double accuracy, double elapsed) {
    return new RoundRecord(
        n, "CLOSED", accuracy, 1, 1, 10, 40, 5, 400, 2, 2, 0, 0, 0, Map.of(), 3, elapsed);
  }

  private static Outcome outcome(List<RoundRecord> rounds) throws Exception {
    Settings s =
        new Settings(
            FleetFile.fromYaml("devices:\n  - {profile: pi-5-8gb, count: 2, link: ethernet}\n"),
            "test",
            DataChoice.bundled(),
            0.5,
            8,
            1,
            2,
            new Settings.Training(
                "cnn", "fedavg", 3, 1, 1, 60, 1, 16, 0.1, Optimizer.SGD, "Fp32", "Fp32", false),
            Path.of("out"));
    return new Outcome(Path.of("run"), "data", 2, "2 x pi-5", s, rounds, 42, "COMPLETED");
  }

  @Test
  void roundsToTarget_isTheFirstTrainedRoundAtOrAboveIt_withItsElapsedSeconds() throws Exception {
    Outcome o =
        outcome(
            List.of(
                round(0, 0.1, 0),
                round(1, 0.84, 5),
                round(2, 0.85, 11),
                round(3, 0.83, 17),
                round(4, 0.9, 23)));

    RunSummary r = new RunSummary("x", Optional.empty(), o, 0.85);

    assertThat(r.roundsToTarget()).hasValue(2);
    assertThat(r.secondsToTarget()).hasValue(11.0);
    assertThat(r.finalAccuracy()).isEqualTo(0.9);
    assertThat(r.uploadBytes()).isEqualTo(5 * 5);
    assertThat(r.denseUploadBytes()).isEqualTo(5 * 400);
  }

  @Test
  void roundsToTarget_isEmpty_whenNoRoundReachedIt() throws Exception {
    RunSummary r =
        new RunSummary(
            "x", Optional.empty(), outcome(List.of(round(0, 0.1, 0), round(1, 0.5, 4))), 0.85);

    assertThat(r.roundsToTarget()).isEmpty();
    assertThat(r.secondsToTarget()).isEmpty();
  }
}
