package io.fleetlearn.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad training settings end the command with status 2 and a line naming the setting. */
class UsageErrorsTest {
  @Test
  void zeroRounds_isAUsageError_namingRounds_withoutAStackTrace() throws Exception {
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    int code = run.execute(List.of("--rounds", "0"));

    assertThat(code).isEqualTo(2);
    assertThat(run.stderr()).contains("simulate: ", "rounds").doesNotContain("\tat ");
  }

  @Test
  void anUnknownOptimizer_isAUsageError() throws Exception {
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    int code = run.execute(List.of("--optimizer", "lbfgs"));

    assertThat(code).isEqualTo(2);
    assertThat(run.stderr()).contains("--optimizer", "lbfgs");
  }

  @Test
  void aCompareAspectThatDoesNotExist_isAUsageError() throws Exception {
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    int code = run.execute(List.of("--compare", "speed", "--data", "bundled"));

    assertThat(code).isEqualTo(2);
    assertThat(run.stderr()).contains("--compare 'speed'");
  }
}
