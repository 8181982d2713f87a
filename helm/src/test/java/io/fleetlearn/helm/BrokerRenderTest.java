package io.fleetlearn.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mosquitto: the shipped configuration and ACL, the password file, TLS, or none at all. */
class BrokerRenderTest {
  private static final String NAME = "fl-fleetlearn-broker";

  private static Path dist() {
    return Path.of(System.getProperty("fleetlearn.mosquitto.dist"));
  }

  /** Directive → value lines of a Mosquitto file, comments and blank lines dropped. */
  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\n"))
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private static Map<String, String> settings(String conf) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String l : lines(conf)) {
      String[] kv = l.split("\\s+", 2);
      out.merge(kv[0], kv.length > 1 ? kv[1] : "", (a, b) -> a + "|" + b);
    }
    return out;
  }

  @Test
  void shouldRunTheShippedMosquittoConfiguration_exceptPathsAndListeners() {
    String shipped = Chart.read(dist().resolve("mosquitto.conf"));
    String rendered =
        Chart.render("default").get("ConfigMap", NAME).at("/data/mosquitto.conf").asText();

    Map<String, String> expected = settings(shipped);
    Map<String, String> actual = settings(rendered);
    // Paths are the container's; the password file is built at start into its own volume.
    expected.put("password_file", "/mosquitto/auth/passwd");
    assertThat(actual).containsAllEntriesOf(expected);
    assertThat(actual)
        .containsEntry("allow_anonymous", "false")
        .containsEntry("persistence", "true")
        .containsEntry("listener", "1883");
  }

  @Test
  void shouldApplyTheShippedAclPattern_withTheCoordinatorsUserName() {
    String shipped = Chart.read(dist().resolve("acl"));

    String rendered =
        Chart.render("existing-secret").get("ConfigMap", NAME).at("/data/acl").asText();

    assertThat(lines(rendered))
        .containsExactlyElementsOf(
            lines(shipped.replace("user coordinator", "user fl-coordinator")));
    assertThat(lines(rendered))
        .contains(
            "pattern write fl/+/device/%u/#",
            "pattern read fl/+/device/%u/task", "pattern read fl/+/model/#");
  }

  @Test
  void shouldListEverySimulatedDeviceForThePasswordFile_asTheSimulatorNamesThem() {
    String ids = Chart.render("simulation").get("ConfigMap", NAME).at("/data/device-ids").asText();

    List<String> list = lines(ids);
    assertThat(list).hasSize(20).doesNotHaveDuplicates();
    // FleetFile numbers per profile over the whole fleet: two pi-zero-2w groups, 4 + 2.
    assertThat(list).startsWith("pi-zero-2w-00").contains("pi-zero-2w-05", "pi-5-8gb-02");
    assertThat(
            lines(
                Chart.render("large-simulation")
                    .get("ConfigMap", NAME)
                    .at("/data/device-ids")
                    .asText()))
        .hasSize(2000)
        .contains("pi-zero-2w-799", "pi-4-2gb-699", "pi-5-8gb-499");
  }

  @Test
  void shouldPersistTheBrokerOnAVolume_andBuildThePasswordFileBeforeItStarts() {
    JsonNode sts = Chart.render("simulation").get("StatefulSet", NAME);
    Chart.PodSpec pod = new Chart.PodSpec(NAME, sts.at("/spec/template/spec"));

    assertThat(sts.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("data");
    assertThat(pod.container("mosquitto").path("volumeMounts"))
        .anySatisfy(m -> assertThat(m.path("mountPath").asText()).isEqualTo("/mosquitto/data"));
    JsonNode init = pod.container("passwd");
    assertThat(init.path("command").toString()).contains("make-passwd.sh");
    assertThat(pod.spec().at("/initContainers/0/name").asText()).isEqualTo("passwd");
    assertThat(pod.volume("credentials").at("/secret/items").toString())
        .contains("mqtt-password", "device-password");
    assertThat(pod.container("mosquitto").at("/readinessProbe/tcpSocket/port").asInt())
        .isEqualTo(1883);
  }

  @Test
  void shouldListenWithTlsOn8883_andPointEveryClientAtIt() {
    Chart.Rendered r = Chart.render("tls");
    String conf = r.get("ConfigMap", NAME).at("/data/mosquitto.conf").asText();
    Chart.PodSpec broker =
        new Chart.PodSpec(NAME, r.get("StatefulSet", NAME).at("/spec/template/spec"));

    assertThat(settings(conf))
        .containsEntry("listener", "8883")
        .containsEntry("certfile", "/mosquitto/tls/tls.crt")
        .containsEntry("keyfile", "/mosquitto/tls/tls.key")
        .containsEntry("cafile", "/mosquitto/tls/ca.crt");
    assertThat(broker.volume("tls").at("/secret/secretName").asText())
        .isEqualTo("fleetlearn-broker-tls");
    assertThat(broker.container("mosquitto").at("/ports/0/containerPort").asInt()).isEqualTo(8883);
    assertThat(r.get("Service", NAME).at("/spec/ports").toString()).doesNotContain("1883");
    assertThat(r.get("Service", NAME).at("/spec/type").asText()).isEqualTo("LoadBalancer");
    // The coordinator and the simulator connect with TLS, trusting the CA of the secret.
    Chart.PodSpec coordinator =
        new Chart.PodSpec(
            "coordinator",
            r.get("StatefulSet", "fl-fleetlearn-coordinator").at("/spec/template/spec"));
    assertThat(coordinator.container("coordinator").path("env").toString())
        .contains("ssl://fl-fleetlearn-broker.fleet.svc:8883", "javax.net.ssl.trustStore=");
    assertThat(coordinator.container("truststore").path("command").toString()).contains("keytool");
    assertThat(coordinator.volume("broker-ca").at("/secret/secretName").asText())
        .isEqualTo("fleetlearn-broker-tls");
    JsonNode job = r.get("Job", "fl-fleetlearn-simulator");
    assertThat(job.at("/spec/template/spec/containers/0/args").toString())
        .contains("ssl://fl-fleetlearn-broker.fleet.svc:8883", "--ca-file");
    // Real devices' entries come from their own secret.
    assertThat(broker.volume("devices").at("/secret/secretName").asText())
        .isEqualTo("fleetlearn-devices");
  }

  @Test
  void shouldRunNoBroker_whenAnExternalClusterIsConfigured() {
    Chart.Rendered r = Chart.render("external-broker");

    assertThat(r.find("StatefulSet", NAME)).isEmpty();
    assertThat(r.find("ConfigMap", NAME)).isEmpty();
    assertThat(r.find("Service", NAME)).isEmpty();
    assertThat(r.find("NetworkPolicy", NAME)).isEmpty();
    JsonNode coordinator =
        r.get("StatefulSet", "fl-fleetlearn-coordinator").at("/spec/template/spec");
    assertThat(coordinator.at("/containers/0/env").toString())
        .contains("ssl://emqx.mqtt.svc.cluster.local:8883");
    assertThat(
            new Chart.PodSpec("c", coordinator)
                .volume("broker-ca")
                .at("/secret/secretName")
                .asText())
        .isEqualTo("emqx-ca");
  }
}
