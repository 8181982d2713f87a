package io.fleetlearn.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Pod Security "restricted" in every value set, for every pod and every container. */
class PodSecurityTest {
  static final List<String> SCENARIOS = Chart.SCENARIOS;

  @ParameterizedTest(name = "{0}")
  @FieldSource("SCENARIOS")
  void shouldRunEveryPodRestricted(String scenario) {
    List<Chart.PodSpec> pods = Chart.render(scenario).podSpecs();

    assertThat(pods).isNotEmpty();
    for (Chart.PodSpec pod : pods) {
      JsonNode sc = pod.spec().path("securityContext");
      assertThat(sc.path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", pod.owner()).isTrue();
      assertThat(sc.path("runAsUser").asInt()).as("%s runAsUser", pod.owner()).isPositive();
      assertThat(sc.at("/seccompProfile/type").asText())
          .as("%s seccomp", pod.owner())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.spec().path("automountServiceAccountToken").asBoolean(true))
          .as("%s mounts no API token", pod.owner())
          .isFalse();
      assertThat(pod.spec().path("hostNetwork").asBoolean()).isFalse();
      assertThat(pod.spec().path("hostPID").asBoolean()).isFalse();
      for (JsonNode c : pod.allContainers()) {
        String where = pod.owner() + " container " + c.path("name").asText();
        JsonNode csc = c.path("securityContext");
        assertThat(csc.path("allowPrivilegeEscalation").asBoolean(true)).as(where).isFalse();
        assertThat(csc.path("privileged").asBoolean()).as(where).isFalse();
        assertThat(csc.path("readOnlyRootFilesystem").asBoolean()).as(where).isTrue();
        assertThat(csc.path("runAsNonRoot").asBoolean()).as(where).isTrue();
        assertThat(csc.at("/capabilities/drop")).as(where).hasSize(1);
        assertThat(csc.at("/capabilities/drop/0").asText()).as(where).isEqualTo("ALL");
        assertThat(csc.at("/capabilities/add").isMissingNode()).as(where).isTrue();
        assertThat(csc.at("/seccompProfile/type").asText()).as(where).isEqualTo("RuntimeDefault");
        assertThat(c.at("/resources/requests/memory").asText())
            .as(where + " requests")
            .isNotBlank();
        assertThat(c.at("/resources/limits/memory").asText()).as(where + " limits").isNotBlank();
        assertThat(c.path("image").asText()).as(where + " image").contains(":");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("SCENARIOS")
  void shouldMountEverySecretReadOnly(String scenario) {
    for (Chart.PodSpec pod : Chart.render(scenario).podSpecs()) {
      for (JsonNode volume : pod.spec().path("volumes")) {
        if (!volume.has("secret")) {
          continue;
        }
        String name = volume.path("name").asText();
        assertThat(volume.at("/secret/defaultMode").asInt())
            .as("%s secret volume %s mode", pod.owner(), name)
            .isEqualTo(0440);
        for (JsonNode c : pod.allContainers()) {
          for (JsonNode m : c.path("volumeMounts")) {
            if (name.equals(m.path("name").asText())) {
              assertThat(m.path("readOnly").asBoolean())
                  .as("%s mounts secret %s read-only", pod.owner(), name)
                  .isTrue();
            }
          }
        }
      }
    }
  }
}
