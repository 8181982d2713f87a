package io.fleetlearn.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetFileTest {

  @Test
  void bundledFleet_hasAboutTwentyMixedDevices_withUniqueIds() throws Exception {
    List<FleetMember> members = FleetFile.bundled().members();

    assertThat(members).hasSizeBetween(18, 24);
    assertThat(members).extracting(FleetMember::profileName).containsAll(Profiles.DEVICES.keySet());
    assertThat(members).extracting(FleetMember::deviceId).doesNotHaveDuplicates();
  }

  @Test
  void scaledTo_keepsTheMixesShares_andGivesExactlyTheCount() throws Exception {
    FleetFile bundled = FleetFile.bundled();

    List<FleetMember> big = bundled.scaledTo(5000).members();
    List<FleetMember> three = bundled.scaledTo(3).members();

    assertThat(big).hasSize(5000);
    assertThat(big).extracting(FleetMember::deviceId).doesNotHaveDuplicates();
    // 6 of the bundled 20 are Pi Zero 2 W: 30% of any scaled fleet.
    assertThat(big.stream().filter(m -> m.profileName().equals("pi-zero-2w")).count())
        .isEqualTo(1500);
    assertThat(three).hasSize(3);
    assertThatThrownBy(() -> bundled.scaledTo(0)).hasMessageContaining("--devices (0)");
  }

  @Test
  void groups_resolveProfilesLinksAndBatteryOverrides() throws Exception {
    FleetFile f =
        parse(
            """
            devices:
              - {profile: pi-zero-2w, count: 2, link: lte}
              - {profile: tiny, count: 1, link: sat, battery: {percent: 30, charging: true}}
            profiles:
              tiny: {memoryMb: 256, availableMb: 100, cpus: 1, slowdown: 30}
            links:
              sat: {bandwidthKbps: 300, latencyMs: 600}
            """);

    List<FleetMember> m = f.members();

    assertThat(m)
        .extracting(FleetMember::deviceId)
        .containsExactly("pi-zero-2w-00", "pi-zero-2w-01", "tiny-00");
    assertThat(m.get(0).profile()).isEqualTo(Profiles.DEVICES.get("pi-zero-2w"));
    assertThat(m.get(2).profile().memoryMb()).isEqualTo(256);
    assertThat(m.get(2).profile().battery()).isEqualTo(new Battery(30, true, 0));
    assertThat(m.get(2).link().latencyMs()).isEqualTo(600);
  }

  @Test
  void unknownProfile_isRefused_namingTheFieldAndTheChoices() throws Exception {
    FleetFile f = parse("devices: [{profile: pi-9, count: 1, link: wifi}]");

    assertThatThrownBy(f::members)
        .isInstanceOf(FleetFileException.class)
        .hasMessageContaining("devices[0].profile ('pi-9')")
        .hasMessageContaining("pi-zero-2w");
  }

  @Test
  void badValues_areRefused_withTheFieldAndValue() {
    assertThatThrownBy(() -> parse("devices: [{profile: pi-5-8gb, count: 0, link: wifi}]"))
        .isInstanceOf(FleetFileException.class)
        .hasMessageContaining("count (0)");
    assertThatThrownBy(
            () ->
                parse(
                    "devices: [{profile: x, count: 1, link: wifi}]\n"
                        + "links: {bad: {bandwidthKbps: 0, latencyMs: 1}}"))
        .hasMessageContaining("bandwidthKbps (0)");
    assertThatThrownBy(() -> parse("devices: [{profile: x, count: 1, link: wifi, colour: red}]"))
        .isInstanceOf(FleetFileException.class)
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> parse("devices: []")).hasMessageContaining("devices is empty");
    assertThatThrownBy(() -> parse("devices: [{profile: [, count"))
        .isInstanceOf(FleetFileException.class);
  }

  @Test
  void aFleetOverTheLimit_isRefused() throws Exception {
    // The per-process limit is the registry's; real MQTT's lower one is checked by simulate
    // (SimulateTransportTest).
    FleetFile f =
        parse(
            "devices: [{profile: pi-5-8gb, count: 60000, link: wifi},"
                + " {profile: pi-4-2gb, count: 60000, link: wifi}]");

    assertThatThrownBy(f::members).hasMessageContaining("120000 devices");
  }

  @Test
  void churn_appliesToEveryGroup_unlessTheGroupHasItsOwn() throws Exception {
    FleetFile f =
        parse(
            """
            devices:
              - {profile: pi-zero-2w, count: 1, link: lte}
              - {profile: pi-5-8gb, count: 1, link: ethernet, churn: {onlineSeconds: 600, offlineSeconds: 30}}
            churn: {onlineSeconds: 3600, offlineSeconds: 300}
            trace: traces/day.csv
            """);

    List<FleetMember> m = f.members();

    assertThat(m.get(0).churn()).isEqualTo(new Churn(3600, 300));
    assertThat(m.get(1).churn()).isEqualTo(new Churn(600, 30));
    assertThat(f.tracePath(java.nio.file.Path.of("/fleets/f.yaml")))
        .contains(java.nio.file.Path.of("/fleets/traces/day.csv"));
  }

  @Test
  void aFleetWithoutChurnOrTrace_hasNeither() throws Exception {
    FleetFile f = parse("devices: [{profile: pi-5-8gb, count: 1, link: ethernet}]");

    assertThat(f.members().get(0).churn()).isNull();
    assertThat(f.tracePath(java.nio.file.Path.of("f.yaml"))).isEmpty();
  }

  @Test
  void aChurnMeanOutOfRange_isRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    devices: [{profile: pi-5-8gb, count: 1, link: ethernet}]
                    churn: {onlineSeconds: 0, offlineSeconds: 30}
                    """))
        .isInstanceOf(FleetFileException.class)
        .hasMessageContaining("churn.onlineSeconds (0.0) must be in [1, 1000000]");
  }

  @Test
  void exponentialDraws_haveTheMean() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    double sum = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      sum += Churn.exponential(60, r.nextDouble());
    }

    assertThat(sum / n).isCloseTo(60, org.assertj.core.api.Assertions.within(1.0));
  }

  private static FleetFile parse(String yaml) throws Exception {
    return FleetFile.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }
}
