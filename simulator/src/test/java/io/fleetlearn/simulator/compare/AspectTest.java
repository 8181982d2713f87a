package io.fleetlearn.simulator.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.simulator.data.DataChoice;
import io.fleetlearn.simulator.fleet.FleetFile;
import io.fleetlearn.simulator.run.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AspectTest {
  private static Settings base(boolean sizing) throws Exception {
    return new Settings(
        FleetFile.fromYaml("devices:\n  - {profile: pi-5-8gb, count: 2, link: ethernet}\n"),
        "test",
        DataChoice.bundled(),
        0.5,
        8,
        3,
        2,
        new Settings.Training(
            "cnn",
            "fedavg",
            5,
            1.0,
            0.8,
            60,
            1,
            16,
            0.1,
            Optimizer.SGD,
            "TopK(1%) + Int8",
            "Int8(channel) + Zstd",
            sizing),
        Path.of("out"));
  }

  @Test
  void compression_comparesFp32BothWaysAgainstTheBaseRun_allElseEqual() throws Exception {
    Settings base = base(true);

    List<Variant> v = Aspect.COMPRESSION.variants(base);

    assertThat(v).extracting(Variant::name).containsExactly("uncompressed", "compressed");
    Settings.Training off = v.get(0).settings().training();
    assertThat(off.uploadPipeline()).isEqualTo("Fp32");
    assertThat(off.downloadPipeline()).isEqualTo("Fp32");
    assertThat(off.withPipelines("TopK(1%) + Int8", "Int8(channel) + Zstd"))
        .isEqualTo(base.training());
    assertThat(v.get(1).settings()).isEqualTo(base);
    assertThat(v.get(0).settings().seed()).isEqualTo(base.seed());
  }

  @Test
  void sizing_comparesFullWidthAgainstSized_withTheBasePipelines() throws Exception {
    List<Variant> v = Aspect.SIZING.variants(base(false));

    assertThat(v).extracting(Variant::name).containsExactly("full-width", "sized");
    assertThat(v.get(0).settings().training().sizing()).isFalse();
    assertThat(v.get(1).settings().training().sizing()).isTrue();
    assertThat(v.get(1).settings().training().uploadPipeline()).isEqualTo("TopK(1%) + Int8");
  }

  @Test
  void comparingAll_listsFourVariants_ofWhichTwoHaveTheSameSettings() throws Exception {
    Comparison c = new Comparison(base(false), List.of(Aspect.COMPRESSION, Aspect.SIZING), 0.85);

    List<Variant> v = c.variants();

    assertThat(v)
        .extracting(Variant::name)
        .containsExactly("uncompressed", "compressed", "full-width", "sized");
    // The base run is not sized: "compressed" and "full-width" are the same run.
    assertThat(v.get(1).settings().training()).isEqualTo(v.get(2).settings().training());
    assertThat(v.get(3).settings().training()).isNotEqualTo(v.get(1).settings().training());
  }

  @Test
  void sizedDeadline_appliesToTheSizedRunOnly() throws Exception {
    Comparison c =
        new Comparison(
            base(false),
            List.of(Aspect.COMPRESSION, Aspect.SIZING),
            new Comparison.Options(0.85, OptionalInt.of(10), true));

    List<Variant> v = c.variants();

    assertThat(v)
        .extracting(x -> x.name() + "@" + x.settings().training().deadlineSeconds())
        .containsExactly("uncompressed@60", "compressed@60", "full-width@60", "sized@10");
    assertThat(v.get(3).settings().training().withDeadline(60))
        .isEqualTo(v.get(2).settings().training().withSizing(true));
  }

  @Test
  void options_refuseASizedDeadlineOutOfRange() {
    assertThatThrownBy(() -> new Comparison.Options(0.85, OptionalInt.of(0), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sized deadline (0 s)");
    assertThatThrownBy(() -> new Comparison.Options(1.5, OptionalInt.empty(), false))
        .hasMessageContaining("target accuracy (1.5)");
  }

  @Test
  void parse_namesTheBadValue() {
    assertThat(Aspect.parse("all")).containsExactly(Aspect.COMPRESSION, Aspect.SIZING);
    assertThat(Aspect.parse(" Sizing ")).containsExactly(Aspect.SIZING);
    assertThatThrownBy(() -> Aspect.parse("speed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--compare 'speed'");
  }

  @Test
  void comparison_refusesATargetOutsideZeroToOne() throws Exception {
    Settings base = base(true);
    assertThatThrownBy(() -> new Comparison(base, List.of(Aspect.SIZING), 85))
        .hasMessageContaining("target accuracy (85.0)");
    assertThatThrownBy(() -> new Comparison(base, List.of(), 0.85))
        .hasMessageContaining("at least one aspect");
  }
}
