package io.fleetlearn.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** NetworkPolicies and the `helm test` pod. */
class PolicyAndTestPodRenderTest {
  @Test
  void shouldLetOnlyTheReleaseCallTheCoordinator_andLetItReachOnlyTheBrokerAndDns() {
    JsonNode np = Chart.render("default").get("NetworkPolicy", "fl-fleetlearn-coordinator");

    assertThat(np.at("/spec/policyTypes").toString()).contains("Ingress", "Egress");
    assertThat(np.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
    assertThat(
            np.at("/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1instance")
                .asText())
        .isEqualTo(Chart.RELEASE);
    assertThat(np.at("/spec/egress/0/ports/0/port").asInt()).isEqualTo(53);
    assertThat(
            np.at("/spec/egress/1/to/0/podSelector/matchLabels/app.kubernetes.io~1component")
                .asText())
        .isEqualTo("broker");
    assertThat(np.at("/spec/egress/1/ports/0/port").asInt()).isEqualTo(1883);
    assertThat(np.at("/spec/egress")).hasSize(2);
  }

  @Test
  void shouldLetTheCoordinatorReachTheExternalBroker_atItsPortAndAddresses() {
    JsonNode np = Chart.render("external-broker").get("NetworkPolicy", "fl-fleetlearn-coordinator");

    assertThat(np.at("/spec/egress/1/to/0/ipBlock/cidr").asText()).isEqualTo("10.20.0.0/16");
    assertThat(np.at("/spec/egress/1/ports/0/port").asInt()).isEqualTo(8883);
  }

  @Test
  void shouldOpenTheBrokerToTheFleetPods_andToDevicesOutsideOnlyOnTheTlsPort() {
    JsonNode plain = Chart.render("default").get("NetworkPolicy", "fl-fleetlearn-broker");
    JsonNode tls = Chart.render("tls").get("NetworkPolicy", "fl-fleetlearn-broker");

    assertThat(plain.at("/spec/ingress")).hasSize(1);
    assertThat(plain.at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(1883);
    assertThat(
            plain
                .at("/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1instance")
                .asText())
        .isEqualTo(Chart.RELEASE);
    assertThat(tls.at("/spec/ingress")).hasSize(2);
    assertThat(tls.at("/spec/ingress/1/ports")).hasSize(1);
    assertThat(tls.at("/spec/ingress/1/ports/0/port").asInt()).isEqualTo(8883);
    assertThat(tls.at("/spec/ingress/1/from").isMissingNode()).isTrue();
  }

  @Test
  void shouldDoAnMqttRoundTripInTheHelmTest_withTheCoordinatorsLogin() {
    Chart.Rendered r = Chart.render("default");
    JsonNode pod = r.get("Pod", "fl-fleetlearn-test-mqtt");

    assertThat(pod.at("/metadata/annotations/fleetlearn.test~1helm-hook").asText())
        .isEqualTo("test");
    JsonNode c = pod.at("/spec/containers/0");
    assertThat(c.path("image").asText()).startsWith("eclipse-mosquitto:");
    String script = c.at("/command/2").asText();
    assertThat(script).contains("mosquitto_pub", "mosquitto_sub", "-r", "-C 1", "exit 1");
    assertThat(c.path("env").toString())
        .contains("fl-fleetlearn-broker.fleet.svc", "1883", "fl/default/helm-test/fl");
    assertThat(pod.at("/spec/restartPolicy").asText()).isEqualTo("Never");
  }

  @Test
  void shouldTrustTheBrokersCaInTheHelmTest_withTls() {
    JsonNode pod = Chart.render("tls").get("Pod", "fl-fleetlearn-test-mqtt");

    assertThat(pod.at("/spec/containers/0/env").toString()).contains("8883");
    assertThat(
            new Chart.PodSpec("test", pod.path("spec"))
                .volume("broker-ca")
                .at("/secret/secretName")
                .asText())
        .isEqualTo("fleetlearn-broker-tls");
  }
}
