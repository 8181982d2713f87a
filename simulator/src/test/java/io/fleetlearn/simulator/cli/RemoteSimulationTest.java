package io.fleetlearn.simulator.cli;

import static io.fleetlearn.simulator.run.TestCoordinator.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.simulator.run.TestCoordinator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The simulator against a coordinator it did not start: a real coordinator with its embedded broker
 * plays the Kubernetes service, and two {@code simulate --coordinator} runs in parallel threads
 * each run their shard of a four-device fleet, the way the Helm chart's Indexed Job runs its pods.
 */
class RemoteSimulationTest {
  private static final String FLEET =
      """
      devices:
        - {profile: pi-5-8gb, count: 2, link: ethernet}
        - {profile: pi-4-2gb, count: 2, link: wifi}
      """;
  private static final List<String> DEVICES =
      List.of("pi-5-8gb-00", "pi-5-8gb-01", "pi-4-2gb-00", "pi-4-2gb-01");

  @TempDir Path dir;

  @Test
  void twoShards_againstAnExternalCoordinator_trainWithEveryDevice_andShardZeroReports()
      throws Exception {
    // Arrange
    Path fleet = Files.writeString(dir.resolve("fleet.yaml"), FLEET);
    Path out = dir.resolve("runs");
    try (TestCoordinator coordinator = TestCoordinator.start(dir.resolve("coordinator"))) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Run> runs = List.of(new Run(), new Run());
      List<Future<Integer>> codes = new ArrayList<>();

      // Act
      for (int shard = 0; shard < 2; shard++) {
        List<String> args = new ArrayList<>(common(fleet, out));
        args.addAll(
            List.of(
                "--coordinator", coordinator.url(),
                "--broker", coordinator.broker(),
                "--device-password-file", coordinator.devicePasswordFile().toString(),
                "--shard-index", String.valueOf(shard),
                "--shard-count", "2",
                "--wait-timeout", "120"));
        if (shard == 0) {
          // Only the shard that creates the training needs the token: reads are open here.
          args.addAll(List.of("--api-token-file", coordinator.apiTokenFile().toString()));
        }
        Run run = runs.get(shard);
        codes.add(pool.submit(() -> run.execute(args)));
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).as("both shards finished").isTrue();

      // Assert
      assertThat(codes.get(0).get()).as(runs.get(0).describe()).isZero();
      assertThat(codes.get(1).get()).as(runs.get(1).describe()).isZero();
      assertThat(runs.get(0).stdout())
          .contains(
              "4 devices online", "4 devices online in ", "round   2/2", "(COMPLETED)", "report: ");
      assertThat(runs.get(1).stdout())
          .contains("joined training", "shard 1 of 2: 2 devices done", "COMPLETED");

      List<TrainingView> trainings = get(coordinator.fleet().trainings());
      assertThat(trainings).hasSize(1);
      TrainingView training = trainings.get(0);
      assertThat(training.request().name()).isEqualTo("simulation");
      List<RoundView> rounds = get(coordinator.fleet().rounds(training.id()));
      assertThat(rounds).hasSize(2);
      assertThat(rounds)
          .allSatisfy(
              r ->
                  assertThat(r.assignments())
                      .filteredOn(a -> a.outcome() == Assignment.Outcome.ACCEPTED)
                      .extracting(Assignment::deviceId)
                      .containsExactlyInAnyOrderElementsOf(DEVICES));

      List<Path> folders;
      try (Stream<Path> s = Files.list(out)) {
        folders = s.sorted().toList();
      }
      assertThat(folders)
          .extracting(p -> p.getFileName().toString().replaceAll("\\d", "9"))
          .containsExactly("run-99999999-999999-shard9", "run-99999999-999999-shard9");
      Path lead = folders.stream().filter(p -> p.toString().endsWith("shard0")).findFirst().get();
      Path other = folders.stream().filter(p -> p.toString().endsWith("shard1")).findFirst().get();
      assertThat(lead.resolve("report.html")).isNotEmptyFile();
      assertThat(Files.readAllLines(lead.resolve("rounds.csv"))).hasSize(4);
      assertThat(other.resolve("report.html")).doesNotExist();
      try (Stream<Path> s = Files.list(lead.resolve("devices"))) {
        assertThat(s.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("pi-5-8gb-00", "pi-4-2gb-00");
      }
      try (Stream<Path> s = Files.list(other.resolve("devices"))) {
        assertThat(s.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("pi-5-8gb-01", "pi-4-2gb-01");
      }
    }
  }

  /** The training settings both shards are given (the Job passes the same to every pod). */
  static List<String> common(Path fleet, Path out) {
    return List.of(
        "--fleet", fleet.toString(),
        "--rounds", "2",
        "--model", "mlp(784, 32, 10)",
        "--quorum", "1.0",
        // Rounds close as soon as all four updates are in; the long deadline only keeps a round
        // from being abandoned on a machine so loaded that the first local training is slow.
        "--deadline", "300",
        "--epochs", "2",
        "--batch-size", "16",
        "--upload", "Int8 + Zstd",
        "--alpha", "1.0",
        "--seed", "7",
        "--data", "bundled",
        "--out", out.toString());
  }

  /** One {@code simulate} command line with its own console. */
  static final class Run {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int execute(List<String> args) {
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
      CommandLine cmd = new CommandLine(new SimulateCommand(o, e, Map.of()));
      cmd.setErr(new java.io.PrintWriter(e, true));
      cmd.setOut(new java.io.PrintWriter(o, true));
      return cmd.execute(args.toArray(String[]::new));
    }

    String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
      return err.toString(StandardCharsets.UTF_8);
    }

    String describe() {
      return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
    }
  }
}
