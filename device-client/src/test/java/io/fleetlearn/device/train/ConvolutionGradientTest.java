package io.fleetlearn.device.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NaN of oneDNN's convolution input gradient for output channel counts off the CPU's vector
 * block (see {@link TorchBackends}). With oneDNN on, the reps below gave a non-finite gradient in
 * 2–12% of reps on an AVX-512 machine, and the width-0.25 round was NaN in 2 of 5 fresh trainers;
 * these tests fail then (checked with {@code -Dfleetlearn.onednn=true}). About 10 s.
 */
class ConvolutionGradientTest {
  private static final int REPS = 60;

  @Test
  void theDeviceRuntimeTurnsOneDnnOff() {
    assertThat(DjlRuntime.oneDnnEnabled()).isFalse();
  }

  @Test
  void theDeviceRuntimeTurnsNnpackOff_onX86() {
    assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");
    DjlRuntime.engine();

    assertThat(TorchBackends.nnpackEnabled()).isFalse();
  }

  @ParameterizedTest(name = "{0} output channels")
  @ValueSource(ints = {4, 8, 12, 24})
  void convolutionInputGradientIsFinite_forOutputChannelsOffTheVectorBlock(int filters) {
    Engine engine = DjlRuntime.engine();
    int bad = 0;
    for (int r = 0; r < REPS; r++) {
      // One manager per rep, so each rep's buffers are fresh allocations as in a training step.
      try (NDManager m = engine.newBaseManager()) {
        engine.setRandomSeed(r);
        NDArray x = m.randomNormal(new Shape(8, 4, 12, 12));
        NDArray w = m.randomNormal(new Shape(filters, 4, 5, 5)).mul(0.1f);
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (ThreadGradients g = new ThreadGradients()) {
          NDArray y =
              Conv2d.conv2d(
                      x,
                      w,
                      m.zeros(new Shape(filters)),
                      new Shape(1, 1),
                      new Shape(0, 0),
                      new Shape(1, 1),
                      1)
                  .singletonOrThrow();
          g.backward(y.mul(m.randomNormal(y.getShape())).sum());
        }
        if (!finite(x.getGradient()) || !finite(w.getGradient())) {
          bad++;
        }
      }
    }

    assertThat(bad).as("reps with a non-finite gradient of %d", REPS).isZero();
  }

  @Test
  void cnnAtQuarterWidthFromTheDownloadPresetTrainsToTheSameFiniteChange_inFreshTrainers() {
    // Arrange: what the simulator's devices did when they turned NaN: conv1 4 filters, conv2 8,
    // start model through the download preset, SGD lr 0.1 with batches of 8, one epoch.
    ModelSpec cnn = ModelSpec.parse("cnn");
    Ratio quarter = Ratio.parse("0.25");
    byte[] frame =
        Presets.download(quarter)
            .encodeFrame(
                FrameMeta.model(1, "w25"),
                cnn.initialize(1),
                EncodeContext.plain().withChain(cnn.chain()));
    Model start = Frames.decode(frame, DecodeLimits.defaults()).model();
    Dataset data = FashionSample.train().slice(0, 200);
    TrainConfig config = TrainConfig.sgd(1, 8, 0.1, 7);

    // Act
    List<TrainOutcome> rounds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      try (LocalTrainer trainer = new LocalTrainer()) {
        rounds.add(trainer.train(cnn, quarter, start, data, config));
      }
    }

    // Assert
    for (TrainOutcome round : rounds) {
      assertThat(Models.allFinite(round.delta())).isTrue();
      assertThat(round.epochLoss().get(0)).isFinite();
      assertThat(round.delta().contentEquals(rounds.get(0).delta())).isTrue();
    }
  }

  private static boolean finite(NDArray a) {
    return !a.isNaN().any().getBoolean() && !a.isInfinite().any().getBoolean();
  }
}
