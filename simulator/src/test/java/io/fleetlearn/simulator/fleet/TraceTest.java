package io.fleetlearn.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceTest {
  private static final String HEAD = Trace.VERSION_LINE + "\n" + Trace.HEADER + "\n";

  /** pi-zero-2w-00 and -01 have batteries; pi-5-8gb-00 is on mains. */
  private static List<FleetMember> fleet() throws Exception {
    return FleetFile.fromYaml(
            """
            devices:
              - {profile: pi-zero-2w, count: 2, link: lte}
              - {profile: pi-5-8gb, count: 1, link: ethernet}
            """)
        .members();
  }

  @TempDir Path dir;

  @Test
  void aGoodFile_givesEveryEventInOrder_withCommentsAndBlankLinesSkipped() throws Exception {
    // Arrange
    Path file = dir.resolve("t.csv");
    Files.writeString(
        file,
        """
        # fleetlearn-trace 1
        # a comment before the header
        seconds,device,event,value

        0,pi-zero-2w-00,battery,80
        0,pi-zero-2w-00,charging,off
        3600,pi-zero-2w-00,offline,night
        3600.5,pi-5-8gb-00,bandwidth,250
        3601,pi-5-8gb-00,latency,120
        3602,pi-5-8gb-00,loss,0.02
        # the morning
        7200,pi-zero-2w-00,online,
        7200,pi-zero-2w-01,leave,
        9000,pi-zero-2w-01,join,repaired
        9000,pi-zero-2w-01,charging,on
        """);

    // Act
    Trace t = Trace.read(file, fleet());

    // Assert
    assertThat(t.events())
        .containsExactly(
            TraceEvent.of(0, "pi-zero-2w-00", TraceEvent.Kind.BATTERY, 80),
            TraceEvent.of(0, "pi-zero-2w-00", TraceEvent.Kind.CHARGING, 0),
            TraceEvent.presence(3600, "pi-zero-2w-00", TraceEvent.Kind.OFFLINE, "night"),
            TraceEvent.of(3600.5, "pi-5-8gb-00", TraceEvent.Kind.BANDWIDTH, 250),
            TraceEvent.of(3601, "pi-5-8gb-00", TraceEvent.Kind.LATENCY, 120),
            TraceEvent.of(3602, "pi-5-8gb-00", TraceEvent.Kind.LOSS, 0.02),
            TraceEvent.presence(7200, "pi-zero-2w-00", TraceEvent.Kind.ONLINE, ""),
            TraceEvent.presence(7200, "pi-zero-2w-01", TraceEvent.Kind.LEAVE, ""),
            TraceEvent.presence(9000, "pi-zero-2w-01", TraceEvent.Kind.JOIN, "repaired"),
            TraceEvent.of(9000, "pi-zero-2w-01", TraceEvent.Kind.CHARGING, 1));
    assertThat(t.joinsLater("pi-zero-2w-01")).isFalse();
  }

  @Test
  void csv_parsesBackToTheSameTrace() throws Exception {
    Trace t =
        new Trace(
            List.of(
                TraceEvent.of(0, "pi-zero-2w-00", TraceEvent.Kind.BATTERY, 71.5),
                TraceEvent.presence(1.25, "pi-zero-2w-00", TraceEvent.Kind.OFFLINE, "dropout"),
                TraceEvent.of(2, "pi-5-8gb-00", TraceEvent.Kind.LOSS, 0.005),
                TraceEvent.presence(3, "pi-zero-2w-00", TraceEvent.Kind.ONLINE, "")));

    assertThat(Trace.fromCsv(t.csv(), fleet())).isEqualTo(t);
  }

  @Test
  void aDeviceWhoseFirstPresenceEventIsAJoin_joinsLater() throws Exception {
    Trace t = Trace.fromCsv(HEAD + "0,pi-zero-2w-01,battery,50\n60,pi-zero-2w-01,join,\n", fleet());

    assertThat(t.joinsLater("pi-zero-2w-01")).isTrue();
    assertThat(t.joinsLater("pi-zero-2w-00")).isFalse();
  }

  @Test
  void theBundledExampleTrace_fitsTheBundledDayNightFleet() throws Exception {
    List<FleetMember> members =
        FleetFile.read(Path.of("src/main/resources/fleets/day-night.yaml")).members();

    Trace t = Trace.resource("/traces/day-night.csv", members);

    assertThat(t.events()).isNotEmpty();
    assertThat(t.events()).anyMatch(e -> e.event() == TraceEvent.Kind.OFFLINE);
  }

  @Test
  void aFileWithoutTheVersionLine_isRefusedOnLine1() {
    assertThatThrownBy(() -> Trace.fromCsv(Trace.HEADER + "\n0,pi-5-8gb-00,loss,0\n", fleet()))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining(Trace.VERSION_LINE);
  }

  @Test
  void anotherVersion_isRefused() {
    assertThatThrownBy(() -> Trace.fromCsv("# fleetlearn-trace 2\n" + Trace.HEADER + "\n", fleet()))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("fleetlearn-trace 2");
  }

  @Test
  void aWrongHeader_isRefusedWithItsLine() {
    assertThatThrownBy(
            () -> Trace.fromCsv(Trace.VERSION_LINE + "\n#c\ntime,device,event,value\n", fleet()))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("expected the header");
  }

  @Test
  void aFileWithoutRowsOrHeader_isRefused() {
    assertThatThrownBy(() -> Trace.fromCsv(Trace.VERSION_LINE + "\n", fleet()))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("no header");
  }

  @Test
  void aRowWithTooFewColumns_isRefusedWithItsLine() {
    assertThatThrownBy(() -> Trace.fromCsv(HEAD + "0,pi-5-8gb-00,online\n", fleet()))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("3 columns, expected 4");
  }

  @ParameterizedTest(name = "{0} -> column {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-1,pi-5-8gb-00,online,              | seconds | is not a plain decimal",
        "1e3,pi-5-8gb-00,online,             | seconds | is not a plain decimal",
        "NaN,pi-5-8gb-00,online,             | seconds | is not a plain decimal",
        "5,pi-9-00,online,                   | device  | is not a device of this fleet",
        "5,bad/id,online,                    | device  | is not a valid device id",
        "5,pi-5-8gb-00,ofline,               | event   | is not one of [offline, online",
        "5,pi-5-8gb-00,battery,50            | event   | has no battery",
        "5,pi-5-8gb-00,charging,on           | event   | has no battery",
        "5,pi-zero-2w-00,battery,101         | value   | must be in [0, 100]",
        "5,pi-zero-2w-00,battery,half        | value   | is not a percent",
        "5,pi-zero-2w-00,charging,yes        | value   | is not on or off",
        "5,pi-5-8gb-00,bandwidth,0           | value   | must be in [1, 10000000]",
        "5,pi-5-8gb-00,bandwidth,2.5         | value   | is not a whole number of kbit/s",
        "5,pi-5-8gb-00,latency,60001         | value   | must be in [0, 60000]",
        "5,pi-5-8gb-00,loss,0.6              | value   | must be in [0, 0.5]",
        "5,pi-5-8gb-00,offline,Power Cut     | value   | is not a cause",
      })
  void aBadRow_isRefused_namingLineAndColumn(String row, String column, String problem) {
    assertThatThrownBy(() -> Trace.fromCsv(HEAD + "0,pi-5-8gb-00,online,\n" + row + "\n", fleet()))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("line 4, column " + column)
        .hasMessageContaining(problem);
  }

  @Test
  void aTimeBeforeTheRowAbove_isRefused() {
    assertThatThrownBy(
            () ->
                Trace.fromCsv(HEAD + "10,pi-5-8gb-00,offline,\n9.5,pi-5-8gb-00,online,\n", fleet()))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("line 4, column seconds")
        .hasMessageContaining("times must not decrease");
  }

  @Test
  void aTraceBuiltInCode_withDecreasingTimes_isRefused() {
    assertThatThrownBy(
            () ->
                new Trace(
                    List.of(
                        TraceEvent.presence(2, "a", TraceEvent.Kind.OFFLINE, ""),
                        TraceEvent.presence(1, "a", TraceEvent.Kind.ONLINE, ""))))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("times must not decrease");
  }
}
