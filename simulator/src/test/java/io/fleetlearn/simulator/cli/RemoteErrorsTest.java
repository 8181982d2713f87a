package io.fleetlearn.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.simulator.run.TestCoordinator;
import io.fleetlearn.testsupport.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when the coordinator given with {@code --coordinator} will not cooperate. */
class RemoteErrorsTest {
  @TempDir Path dir;

  @Test
  void wrongApiToken_exitsWith1_andNames401_beforeAnyDeviceStarts() throws Exception {
    // Arrange
    Path fleet =
        Files.writeString(
            dir.resolve("fleet.yaml"),
            "devices: [{profile: pi-5-8gb, count: 1, link: ethernet}]\n");
    Path wrong = TestCoordinator.secret(dir.resolve("wrong-token"), "not-the-token\n");
    Path out = dir.resolve("runs");
    try (TestCoordinator coordinator = TestCoordinator.start(dir.resolve("coordinator"))) {
      RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();
      List<String> args = new ArrayList<>(RemoteSimulationTest.common(fleet, out));
      args.addAll(
          List.of(
              "--coordinator", coordinator.url(),
              "--broker", coordinator.broker(),
              "--device-password-file", coordinator.devicePasswordFile().toString(),
              "--api-token-file", wrong.toString()));

      // Act
      int code = run.execute(args);

      // Assert
      assertThat(code).as(run.describe()).isEqualTo(1);
      assertThat(run.stderr())
          .startsWith("simulate: PUT " + coordinator.url() + "/api/v1/trainings/")
          .contains("answered 401", "--api-token-file", "FLEETLEARN_API_TOKEN")
          .doesNotContain("Exception", "\tat ");
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void unreachableCoordinator_exitsWith1_afterTheWait_andSaysWhereItLooked() throws Exception {
    // Arrange
    Path fleet =
        Files.writeString(
            dir.resolve("fleet.yaml"),
            "devices: [{profile: pi-5-8gb, count: 1, link: ethernet}]\n");
    Path password = TestCoordinator.secret(dir.resolve("device-password"), "secret");
    Path token = TestCoordinator.secret(dir.resolve("token"), "token");
    String url = "http://127.0.0.1:" + FreePorts.next();
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();
    List<String> args = new ArrayList<>(RemoteSimulationTest.common(fleet, dir.resolve("runs")));
    args.addAll(
        List.of(
            "--coordinator",
            url,
            "--broker",
            "tcp://127.0.0.1:1",
            "--device-password-file",
            password.toString(),
            "--api-token-file",
            token.toString(),
            "--wait-timeout",
            "2"));

    // Act
    int code = run.execute(List.copyOf(args));

    // Assert
    assertThat(code).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr())
        .isEqualToIgnoringNewLines(
            "simulate: cannot reach the coordinator at "
                + url
                + "/ (GET "
                + url
                + "/api/v1/trainings: connection refused); check --coordinator and that the"
                + " coordinator is up; still so after 2 s");
  }

  @Test
  void shardsWithoutCoordinator_areAUsageError() throws Exception {
    // Arrange
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    // Act
    int code = run.execute(List.of("--shard-count", "2", "--shard-index", "1"));

    // Assert
    assertThat(code).isEqualTo(2);
    assertThat(run.stderr()).contains("need --coordinator URL", "usage: simulate");
  }

  @Test
  void coordinatorWithoutBroker_isAUsageError() throws Exception {
    // Arrange
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    // Act
    int code = run.execute(List.of("--coordinator", "http://fleetlearn-coordinator:8080"));

    // Assert
    assertThat(code).isEqualTo(2);
    assertThat(run.stderr())
        .contains("--coordinator needs --broker URI and --device-password-file FILE");
  }

  @Test
  void shardIndexOutOfRange_isAUsageError_namingTheRange() throws Exception {
    // Arrange
    Path password = TestCoordinator.secret(dir.resolve("device-password"), "secret");
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    // Act
    int code =
        run.execute(
            List.of(
                "--coordinator", "http://fleetlearn-coordinator:8080",
                "--broker", "tcp://fleetlearn-broker:1883",
                "--device-password-file", password.toString(),
                "--shard-index", "3",
                "--shard-count", "2"));

    // Assert
    assertThat(code).isEqualTo(2);
    assertThat(run.stderr()).contains("--shard-index (3) must be in [0, 1] for 2 shards");
  }
}
