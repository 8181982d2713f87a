package io.fleetlearn.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.simulator.run.TestCoordinator;
import io.fleetlearn.testsupport.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport options' usage errors: exit 2, a message naming what to do, nothing started. */
class SimulateTransportTest {
  @TempDir Path dir;

  @Test
  void moreThanTheMqttLimit_overMqtt_exitsWith2_andPointsAtInProcess() throws Exception {
    Path fleet =
        Files.writeString(
            dir.resolve("fleet.yaml"),
            "devices: [{profile: pi-5-8gb, count: 600, link: wifi},"
                + " {profile: pi-4-2gb, count: 600, link: wifi}]\n");
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    int code =
        run.execute(List.of("--fleet", fleet.toString(), "--out", dir.resolve("o").toString()));

    assertThat(code).as(run.describe()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("1200 devices", "at most " + SimulateCommand.MAX_MQTT_DEVICES, "in-process");
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void aShardOfALargeFleet_countsOnlyItsOwnDevicesAgainstTheMqttLimit() throws Exception {
    Path fleet =
        Files.writeString(
            dir.resolve("fleet.yaml"),
            "devices: [{profile: pi-5-8gb, count: 1200, link: wifi},"
                + " {profile: pi-4-2gb, count: 1200, link: wifi}]\n");
    Path password = Files.writeString(dir.resolve("device-password"), "secret");
    Path token = Files.writeString(dir.resolve("token"), "token");
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    // 2,400 devices in 3 shards: 800 connections in this process, under the limit; the run then
    // stops at the coordinator that is not there, which shows the limit let it through.
    int code =
        run.execute(
            List.of(
                "--fleet",
                fleet.toString(),
                "--out",
                dir.resolve("o").toString(),
                "--coordinator",
                "http://127.0.0.1:" + FreePorts.next(),
                "--broker",
                "tcp://127.0.0.1:1",
                "--device-password-file",
                password.toString(),
                "--api-token-file",
                token.toString(),
                "--shard-index",
                "1",
                "--shard-count",
                "3",
                "--wait-timeout",
                "1"));

    assertThat(code).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr()).contains("cannot reach the coordinator").doesNotContain("at most");
  }

  @Test
  void unknownTransport_exitsWith2_namingTheChoices() {
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    int code = run.execute(List.of("--transport", "udp", "--out", dir.resolve("o").toString()));

    assertThat(code).as(run.describe()).isEqualTo(2);
    assertThat(run.stderr()).contains("--transport ('udp') must be mqtt or in-process");
  }

  @Test
  void inProcess_withAnExternalCoordinator_exitsWith2() throws Exception {
    Path password = TestCoordinator.secret(dir.resolve("pw"), "secret");
    Path token = TestCoordinator.secret(dir.resolve("token"), "token");
    RemoteSimulationTest.Run run = new RemoteSimulationTest.Run();

    int code =
        run.execute(
            List.of(
                "--transport",
                "in-process",
                "--coordinator",
                "http://127.0.0.1:1",
                "--broker",
                "tcp://127.0.0.1:1",
                "--device-password-file",
                password.toString(),
                "--api-token-file",
                token.toString(),
                "--out",
                dir.resolve("o").toString()));

    assertThat(code).as(run.describe()).isEqualTo(2);
    assertThat(run.stderr()).contains("--transport in-process");
  }
}
