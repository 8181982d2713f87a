package io.fleetlearn.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coordinator: one writer, its database on a volume, probes, configuration, secrets. */
class CoordinatorRenderTest {
  private static final String NAME = "fl-fleetlearn-coordinator";

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> out = new HashMap<>();
    container.path("env").forEach(e -> out.put(e.path("name").asText(), e.path("value").asText()));
    return out;
  }

  @Test
  void shouldRunOneCoordinatorWithItsDatabaseOnTheClaimedVolume() {
    JsonNode sts = Chart.render("default").get("StatefulSet", NAME);

    assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(sts.at("/spec/podManagementPolicy").asText()).isEqualTo("OrderedReady");
    assertThat(sts.at("/spec/updateStrategy/type").asText()).isEqualTo("RollingUpdate");
    JsonNode claim = sts.at("/spec/volumeClaimTemplates/0");
    assertThat(claim.at("/metadata/name").asText()).isEqualTo("data");
    assertThat(claim.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteOnce");
    assertThat(claim.at("/spec/resources/requests/storage").asText()).isEqualTo("10Gi");
    JsonNode container =
        new Chart.PodSpec(NAME, sts.at("/spec/template/spec")).container("coordinator");
    // RocksDB lives under DATA_DIR/db: DATA_DIR must be the claimed volume's mount.
    String dataDir = env(container).get("DATA_DIR");
    assertThat(container.path("volumeMounts"))
        .anySatisfy(
            m -> {
              assertThat(m.path("name").asText()).isEqualTo("data");
              assertThat(m.path("mountPath").asText()).isEqualTo(dataDir);
              assertThat(m.path("readOnly").asBoolean()).isFalse();
            });
    assertThat(sts.at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(60);
  }

  @Test
  void shouldProbeHealthAndReadiness_withAStartupProbeLongEnoughForRecovery() {
    JsonNode spec = Chart.render("default").get("StatefulSet", NAME).at("/spec/template/spec");
    JsonNode c = new Chart.PodSpec(NAME, spec).container("coordinator");

    assertThat(c.at("/ports/0/name").asText()).isEqualTo("http");
    assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(env(c)).containsEntry("HTTP_PORT", "8080");
    assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
    assertThat(c.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readiness");
    assertThat(c.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health");
    // Recovery took 3.4-4.3 s from process start in the crash test; allow minutes, not seconds.
    int startupSeconds =
        c.at("/startupProbe/periodSeconds").asInt()
            * c.at("/startupProbe/failureThreshold").asInt();
    assertThat(startupSeconds).isGreaterThanOrEqualTo(300);
  }

  @Test
  void shouldConfigureFromValuesThroughEnvironment_withSecretsAsReadOnlyFiles() {
    JsonNode spec =
        Chart.render("default", Map.of("fleet", "plant-7", "coordinator.apiProtectReads", "true"))
            .get("StatefulSet", NAME)
            .at("/spec/template/spec");
    Chart.PodSpec pod = new Chart.PodSpec(NAME, spec);
    JsonNode c = pod.container("coordinator");
    Map<String, String> env = env(c);

    assertThat(env)
        .containsEntry("FLEET", "plant-7")
        .containsEntry("MQTT_URL", "tcp://fl-fleetlearn-broker.fleet.svc:1883")
        .containsEntry("MQTT_USERNAME", "coordinator")
        .containsEntry("MQTT_PASSWORD_FILE", "/run/secrets/fleetlearn/mqtt-password")
        .containsEntry("API_TOKEN_FILE", "/run/secrets/fleetlearn/api-token")
        .containsEntry("API_PROTECT_READS", "true")
        .containsEntry("DEMO_MODE", "false")
        .doesNotContainKeys("MQTT_PASSWORD", "API_TOKEN");
    assertThat(pod.volume("credentials").at("/secret/secretName").asText())
        .isEqualTo("fl-fleetlearn-credentials");
    assertThat(c.path("volumeMounts"))
        .anySatisfy(
            m -> {
              assertThat(m.path("mountPath").asText()).isEqualTo("/run/secrets/fleetlearn");
              assertThat(m.path("readOnly").asBoolean()).isTrue();
            });
    assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("2Gi");
    assertThat(c.at("/resources/requests/cpu").asText()).isEqualTo("500m");
  }

  @Test
  void shouldServeTheApiThroughANormalAndAHeadlessService() {
    Chart.Rendered r = Chart.render("default");

    assertThat(r.get("Service", NAME).at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    JsonNode headless = r.get("Service", NAME + "-headless");
    assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
    assertThat(r.get("StatefulSet", NAME).at("/spec/serviceName").asText())
        .isEqualTo(NAME + "-headless");
  }

  @Test
  void shouldUseTheExistingSecret_andCreateNone() {
    Chart.Rendered r = Chart.render("existing-secret");
    JsonNode spec = r.get("StatefulSet", NAME).at("/spec/template/spec");

    assertThat(r.ofKind("Secret")).isEmpty();
    assertThat(
            new Chart.PodSpec(NAME, spec).volume("credentials").at("/secret/secretName").asText())
        .isEqualTo("fleetlearn-credentials");
    assertThat(env(new Chart.PodSpec(NAME, spec).container("coordinator")))
        .containsEntry("MQTT_USERNAME", "fl-coordinator")
        .containsEntry("API_PROTECT_READS", "true");
    JsonNode claim = r.get("StatefulSet", NAME).at("/spec/volumeClaimTemplates/0/spec");
    assertThat(claim.path("storageClassName").asText()).isEqualTo("fast-ssd");
    assertThat(claim.at("/resources/requests/storage").asText()).isEqualTo("50Gi");
  }

  @Test
  void shouldGenerateTheCredentialsOnceAtInstall_andKeepThem() {
    JsonNode secret = Chart.render("default").get("Secret", "fl-fleetlearn-credentials");

    assertThat(secret.at("/metadata/annotations/fleetlearn.test~1helm-hook").asText())
        .isEqualTo("pre-install");
    assertThat(secret.at("/metadata/annotations/helm.sh~1resource-policy").asText())
        .isEqualTo("keep");
    for (String key : new String[] {"api-token", "mqtt-password", "device-password"}) {
      String value =
          new String(java.util.Base64.getDecoder().decode(secret.at("/data/" + key).asText()));
      assertThat(value).as(key).hasSize(32).matches("[A-Za-z0-9]+");
    }
  }
}
