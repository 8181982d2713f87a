package io.fleetlearn.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator: an indexed Job, one pod per shard, against the coordinator and broker. */
class SimulatorJobRenderTest {
  private static final String NAME = "fl-fleetlearn-simulator";

  private static List<String> args(JsonNode job) {
    List<String> out = new ArrayList<>();
    job.at("/spec/template/spec/containers/0/args").forEach(a -> out.add(a.asText()));
    return out;
  }

  /** The value after an option, as the simulator's command line reads it. */
  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    assertThat(i).as("option %s in %s", name, args).isNotNegative();
    return args.get(i + 1);
  }

  @Test
  void shouldRunNoSimulation_byDefault() {
    assertThat(Chart.render("default").ofKind("Job")).isEmpty();
  }

  @Test
  void shouldRunOneIndexedPodPerShard_allAtOnce() {
    JsonNode job = Chart.render("large-simulation").get("Job", NAME);

    assertThat(job.at("/spec/completionMode").asText()).isEqualTo("Indexed");
    assertThat(job.at("/spec/completions").asInt()).isEqualTo(10);
    assertThat(job.at("/spec/parallelism").asInt()).isEqualTo(10);
    assertThat(job.at("/spec/template/spec/restartPolicy").asText()).isEqualTo("Never");
    JsonNode c = job.at("/spec/template/spec/containers/0");
    assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("6Gi");
  }

  @Test
  void shouldPassTheShardAndTheInClusterEndpoints_toEachPod() {
    JsonNode job = Chart.render("simulation").get("Job", NAME);
    List<String> args = args(job);
    JsonNode env = job.at("/spec/template/spec/containers/0/env");

    assertThat(option(args, "--coordinator"))
        .isEqualTo("http://fl-fleetlearn-coordinator.fleet.svc:8080");
    assertThat(option(args, "--broker")).isEqualTo("tcp://fl-fleetlearn-broker.fleet.svc:1883");
    assertThat(option(args, "--fleet-id")).isEqualTo("default");
    assertThat(option(args, "--api-token-file")).isEqualTo("/run/secrets/fleetlearn/api-token");
    assertThat(option(args, "--device-password-file"))
        .isEqualTo("/run/secrets/fleetlearn/device-password");
    // Kubernetes expands $(JOB_COMPLETION_INDEX) from the declared variable.
    assertThat(option(args, "--shard-index")).isEqualTo("$(JOB_COMPLETION_INDEX)");
    assertThat(option(args, "--shard-count")).isEqualTo("1");
    assertThat(env.toString())
        .contains(
            "JOB_COMPLETION_INDEX",
            "metadata.annotations['batch.kubernetes.io/job-completion-index']");
    assertThat(option(args, "--fleet")).isEqualTo("/etc/fleetlearn/fleet/fleet.yaml");
    assertThat(option(args, "--training-name")).isEqualTo("simulation");
    assertThat(option(args, "--rounds")).isEqualTo("10");
    assertThat(args).doesNotContain("--ca-file");
  }

  @Test
  void shouldGiveEveryShardTheWholeFleet() {
    Chart.Rendered r = Chart.render("large-simulation");
    String fleet = r.get("ConfigMap", NAME).at("/data/fleet.yaml").asText();

    assertThat(fleet).contains("count: 800", "count: 700", "count: 500");
    assertThat(option(args(r.get("Job", NAME)), "--model")).isEqualTo("mlp(784, 64, 10)");
    assertThat(option(args(r.get("Job", NAME)), "--fraction")).isEqualTo("0.1");
  }
}
