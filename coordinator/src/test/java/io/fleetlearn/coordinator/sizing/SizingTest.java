package io.fleetlearn.coordinator.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.protocol.spec.ModelSpec;
import org.junit.jupiter.api.Test;

class SizingTest {
  private static final ModelSpec MLP = ModelSpec.parse("mlp(784, 256, 10)");
  private static final long GB = 1L << 30;
  private static final SizingPolicy POLICY =
      new SizingPolicy(SizingPolicy.LADDER, 32, 1, 60, true, 1000);

  private static DeviceCapacity device(long mem, double gflops, double slowdown) {
    return new DeviceCapacity("d", mem, gflops, 1e6, 1000, slowdown);
  }

  @Test
  void choose_givesFullWidth_whenMemoryAndTimeAreAmple() {
    Choice c = Sizing.choose(MLP, device(GB, 5, 1), POLICY);

    assertThat(c.width()).isEqualTo(Ratio.of(1.0));
    assertThat(c.fitsMemory()).isTrue();
    assertThat(c.fitsDeadline()).isTrue();
  }

  @Test
  void choose_givesTheWidestThatFitsMemory_whenMemoryIsTight() {
    long halfNeeds = Sizing.memoryBytes(MLP, Ratio.of(0.5), 32);

    Choice c = Sizing.choose(MLP, device(halfNeeds + 1, 5, 1), POLICY);

    assertThat(c.width()).isEqualTo(Ratio.of(0.5));
    assertThat(Sizing.memoryBytes(MLP, Ratio.of(0.75), 32)).isGreaterThan(halfNeeds + 1);
  }

  @Test
  void choose_givesANarrowerWidth_whenTheDeviceIsTooSlowForTheDeadline() {
    // Full width: 6 × 203,530 FLOPs × 1000 examples ≈ 1.2 GFLOP; at 0.03 GFLOPS that is ~41 s,
    // above 60% of the 60 s deadline (36 s); at width 0.75 (152,650 parameters) it is ~31 s.
    Choice c = Sizing.choose(MLP, device(GB, 0.03, 1), POLICY);

    assertThat(c.width()).isEqualTo(Ratio.of(0.75));
    assertThat(Sizing.estimate(MLP, Ratio.of(1.0), device(GB, 0.03, 1), POLICY).fitsDeadline())
        .isFalse();
    assertThat(c.seconds()).isLessThanOrEqualTo(Sizing.DEADLINE_SHARE * 60);
  }

  @Test
  void choose_scalesTheEstimateByTheObservedSlowdown() {
    double base = Sizing.seconds(MLP, Ratio.of(1.0), device(GB, 1, 1), POLICY);
    double slowed = Sizing.seconds(MLP, Ratio.of(1.0), device(GB, 1, 3), POLICY);

    assertThat(slowed).isCloseTo(3 * base, within(1e-9));
    assertThat(base).isCloseTo(6.0 * MLP.parameterCount(Ratio.of(1.0)) * 1000 / 1e9, within(1e-9));
  }

  @Test
  void choose_flagsTheNarrowestWidth_whenNothingFitsTheMemory() {
    Choice c = Sizing.choose(MLP, device(100L << 20, 5, 1), POLICY);

    assertThat(c.width()).isEqualTo(Ratio.of(0.25));
    assertThat(c.fitsMemory()).isFalse();
  }

  @Test
  void choose_givesEveryoneTheFullModel_whenSizingIsOff() {
    SizingPolicy off = new SizingPolicy(SizingPolicy.LADDER, 32, 1, 60, false, 1000);

    Choice c = Sizing.choose(MLP, device(100L << 20, 0.001, 1), off);

    assertThat(c.width()).isEqualTo(Ratio.of(1.0));
  }

  @Test
  void memoryBytes_includesTheDocumentedBase_andGrowsWithTheBatch() {
    long small = Sizing.memoryBytes(MLP, Ratio.of(1.0), 1);
    long big = Sizing.memoryBytes(MLP, Ratio.of(1.0), 101);

    assertThat(small).isGreaterThan(Sizing.BASE_BYTES);
    assertThat(big - small).isEqualTo(MLP.activationsPerExample(Ratio.of(1.0)) * 100 * 12);
  }

  @Test
  void downloadRule_sendsTheLightPipelineOnAFastLink_andThePresetOnASlowOrUnknownOne() {
    Ratio half = Ratio.of(0.5);
    long dense = 400_000;

    String fast = DownloadRule.choose(half, dense, 1e9, 60).toString();
    String slow = DownloadRule.choose(half, dense, 10_000.0, 60).toString();
    String unknown = DownloadRule.choose(Ratio.of(1.0), dense, null, 60).toString();

    assertThat(fast).startsWith("Width(").contains("Int8(channel)").doesNotContain("Prune");
    assertThat(slow).isEqualTo(Presets.download(half).toString());
    assertThat(unknown).isEqualTo(Presets.DOWNLOAD);
  }
}
