package io.fleetlearn.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --compare all}: three real simulations (the sized compressed run is both {@code
 * compressed} and {@code sized}) on the bundled sample, and one report with them side by side.
 */
class CompareCommandTest {
  @TempDir Path out;

  @Test
  void compareAll_runsEachDistinctVariantOnce_andReportsThemSideBySide() throws Exception {
    Run run =
        simulate(
            "--compare", "all",
            "--optimizer", "sgd",
            "--fleet", fleet().toString(),
            "--data", "bundled",
            "--model", "mlp(784, 32, 10)",
            "--rounds", "2",
            "--quorum", "1.0",
            "--epochs", "2",
            "--batch-size", "16",
            "--upload", "TopK(10%) + Int8 + Zstd",
            "--download", "Int8(channel) + Zstd",
            "--target", "0.3",
            "--out", out.resolve("runs").toString());
    int code = run.code();
    String printed = run.printed();

    assertThat(code).as(printed + run.errors()).isZero();
    assertThat(printed).contains("[uncompressed] round   2/2", "[full-width] round   2/2");
    assertThat(printed).doesNotContain("[sized] round");
    JsonNode json = new ObjectMapper().readTree(out.resolve("runs/comparison.json").toFile());
    assertThat(json.get("runs")).hasSize(4);
    JsonNode unc = run(json, "uncompressed");
    JsonNode cmp = run(json, "compressed");
    assertThat(run(json, "sized").get("sameRunAs").asText()).isEqualTo("compressed");
    assertThat(run(json, "full-width").get("sizing").asBoolean()).isFalse();
    assertThat(unc.get("upload").asText()).isEqualTo("Fp32");
    // Dense updates against top-10% int8: several times the bytes, the same rounds.
    assertThat(unc.get("uploadBytes").asLong()).isGreaterThan(4 * cmp.get("uploadBytes").asLong());
    assertThat(unc.get("downloadBytes").asLong())
        .isGreaterThan(2 * cmp.get("downloadBytes").asLong());
    assertThat(unc.get("accuracy")).hasSize(3);
    assertThat(unc.has("roundsTo30")).isTrue();
    String html = Files.readString(out.resolve("runs/comparison.html"));
    assertThat(html).contains("uncompressed vs compressed", "full-width vs sized", "<svg");
    assertThat(html).doesNotContain("https://", "http://cdn");
    assertThat(out.resolve("runs/comparison-accuracy.png")).isNotEmptyFile();
    assertThat(Path.of(unc.get("runFolder").asText()).resolve("report.html")).exists();
  }

  @Test
  void compareConcurrently_runsTheVariantsAtOnce_andTheSizedRunKeepsItsOwnDeadline()
      throws Exception {
    Run run =
        simulate(
            "--compare",
            "all",
            "--concurrent",
            "--sized-deadline",
            "45",
            "--no-sizing",
            "--fleet",
            fleet().toString(),
            "--data",
            "bundled",
            "--model",
            "mlp(784, 32, 10)",
            "--rounds",
            "2",
            "--quorum",
            "1.0",
            "--epochs",
            "1",
            "--upload",
            "TopK(10%) + Int8 + Zstd",
            "--download",
            "Int8(channel) + Zstd",
            "--out",
            out.resolve("runs").toString());

    assertThat(run.code()).as(run.printed() + run.errors()).isZero();
    assertThat(run.printed())
        .contains("[uncompressed] round   2/2", "[compressed] round   2/2", "[sized] round   2/2")
        .doesNotContain("[full-width] round");
    JsonNode json = new ObjectMapper().readTree(out.resolve("runs/comparison.json").toFile());
    assertThat(run(json, "full-width").get("sameRunAs").asText()).isEqualTo("compressed");
    JsonNode sized = run(json, "sized");
    assertThat(sized.get("sameRunAs").isNull()).isTrue();
    assertThat(sized.get("deadlineSeconds").asInt()).isEqualTo(45);
    assertThat(sized.get("sizing").asBoolean()).isTrue();
    assertThat(run(json, "compressed").get("deadlineSeconds").asInt()).isEqualTo(60);
    assertThat(sized.get("meanRoundSeconds").asDouble()).isPositive();
    assertThat(sized.get("accuracy")).hasSize(3);
    assertThat(Files.readString(out.resolve("runs/comparison.html")))
        .contains("round deadline", "mean round time", "sized: 45 s");
  }

  @Test
  void concurrentAndSizedDeadline_withoutCompare_areUsageErrors() throws Exception {
    Run run = simulate("--concurrent", "--data", "bundled", "--out", out.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.errors()).contains("--sized-deadline and --concurrent go with --compare");
  }

  private record Run(int code, String printed, String errors) {}

  private Path fleet() throws Exception {
    Path fleet = out.resolve("fleet.yaml");
    Files.writeString(
        fleet,
        """
        devices:
          - {profile: pi-5-8gb, count: 2, link: ethernet}
          - {profile: pi-4-2gb, count: 2, link: wifi}
        """);
    return fleet;
  }

  private static Run simulate(String... args) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream before = System.out;
    PrintStream beforeErr = System.err;
    int code;
    try {
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
      code = SimulatorMain.commandLine().execute(args);
    } finally {
      System.setOut(before);
      System.setErr(beforeErr);
    }
    return new Run(
        code, console.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
  }

  private static JsonNode run(JsonNode json, String name) {
    for (JsonNode r : json.get("runs")) {
      if (r.get("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no run " + name + " in " + json);
  }
}
