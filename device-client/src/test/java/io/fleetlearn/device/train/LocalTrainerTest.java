package io.fleetlearn.device.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Local training on the 600-example Fashion-MNIST sample; about 10 s on one CPU thread. */
class LocalTrainerTest {
  static final Ratio FULL = Ratio.of(1);
  static final ModelSpec CNN = ModelSpec.parse("cnn");
  static final ModelSpec MLP = ModelSpec.parse("mlp(784, 200, 10)");
  static final TrainConfig MLP_SGD = TrainConfig.sgd(3, 32, 0.1, 7);

  static Dataset train;
  static LocalTrainer trainer;

  @BeforeAll
  static void load() {
    train = FashionSample.train();
    trainer = new LocalTrainer();
  }

  @AfterAll
  static void close() {
    trainer.close();
  }

  @Test
  void cnnLossFallsAndTheModelClassifiesHeldOutExamples() {
    Model start = CNN.initialize(1);
    TrainConfig adam = TrainConfig.sgd(5, 32, 1e-3, 7).withOptimizer(Optimizer.ADAM);

    TrainOutcome out = trainer.train(CNN, FULL, start, train, adam);

    List<Double> loss = out.epochLoss();
    assertThat(loss).hasSize(5);
    assertThat(loss.get(4)).isLessThan(0.8 * loss.get(0));
    assertLayout(out.delta(), CNN.tensors(FULL));
    assertThat(Models.allFinite(out.delta())).isTrue();
    assertThat(out.samples()).isEqualTo(600);
    try (Predictor p = new Predictor(CNN, FULL, Models.plus(start, out.delta()))) {
      // 10 classes: chance is 0.1; 600 examples and 5 epochs reach about 0.7.
      assertThat(p.evaluate(FashionSample.test()).accuracy()).isGreaterThan(0.6);
    }
  }

  @Test
  void mlpLossFallsWithSgd() {
    TrainOutcome out = trainer.train(MLP, FULL, MLP.initialize(1), train, MLP_SGD);

    assertThat(out.epochLoss().get(2)).isLessThan(0.8 * out.epochLoss().get(0));
    assertLayout(out.delta(), MLP.tensors(FULL));
    assertThat(Models.allFinite(out.delta())).isTrue();
    assertThat(out.wallTime()).isPositive();
  }

  @Test
  void sameSeedGivesTheSameDeltaAndAnotherSeedAnother() {
    Model start = MLP.initialize(1);
    TrainConfig once = TrainConfig.sgd(1, 32, 0.1, 11);

    Model a = trainer.train(MLP, FULL, start, train, once).delta();
    Model b = trainer.train(MLP, FULL, start, train, once).delta();
    Model c = trainer.train(MLP, FULL, start, train, TrainConfig.sgd(1, 32, 0.1, 12)).delta();

    assertThat(a.contentEquals(b)).isTrue();
    assertThat(a.contentEquals(c)).isFalse();
  }

  @Test
  void momentumCarriesTheModelFurtherThanPlainSgdAtTheSameRate() {
    Model start = MLP.initialize(1);
    TrainConfig plain = TrainConfig.sgd(1, 32, 0.01, 7);

    TrainOutcome sgd = trainer.train(MLP, FULL, start, train, plain);
    TrainOutcome momentum =
        trainer.train(MLP, FULL, start, train, plain.withOptimizer(Optimizer.MOMENTUM));

    // 19 steps of momentum 0.9 add up to about 8x the plain step once the buffer has filled.
    assertThat(Models.norm(momentum.delta())).isGreaterThan(3 * Models.norm(sgd.delta()));
    assertThat(Models.allFinite(momentum.delta())).isTrue();
    assertThat(momentum.epochLoss().get(0)).isLessThan(sgd.epochLoss().get(0));
  }

  @Test
  void proximalTermKeepsTheModelCloserToItsStart() {
    Model start = MLP.initialize(1);

    double free = Models.norm(trainer.train(MLP, FULL, start, train, MLP_SGD).delta());
    double prox =
        Models.norm(trainer.train(MLP, FULL, start, train, MLP_SGD.withProximalMu(1)).delta());

    // Measured: 2.48 without the term, 0.74 with mu = 1.
    assertThat(prox).isLessThan(0.5 * free);
  }

  @Test
  void l1TermDrivesMoreWeightsToNearZero() {
    Model start = MLP.initialize(1);

    Model plain = Models.plus(start, trainer.train(MLP, FULL, start, train, MLP_SGD).delta());
    Model sparse =
        Models.plus(start, trainer.train(MLP, FULL, start, train, MLP_SGD.withL1(1e-3)).delta());

    // Measured: 4,398 of 159,010 weights below 1e-3 without the term, 26,565 with it.
    assertThat(Models.countBelow(sparse, 1e-3)).isGreaterThan(3 * Models.countBelow(plain, 1e-3));
  }

  @Test
  void halfWidthTrainsTheSlicedCnn() {
    Ratio half = Ratio.of(0.5);
    // The sliced variant of a full model, as the coordinator sends it.
    Model start = CNN.plan(half).slice(CNN.initialize(3));
    TrainConfig adam = TrainConfig.sgd(2, 32, 1e-3, 7).withOptimizer(Optimizer.ADAM);

    TrainOutcome out = trainer.train(CNN, half, start, train, adam);

    assertLayout(out.delta(), CNN.tensors(half));
    assertThat(out.delta().tensor("conv1.weight").shape().dim(0)).isEqualTo(8);
    assertThat(out.epochLoss().get(1)).isLessThan(out.epochLoss().get(0));
    assertThat(Models.allFinite(out.delta())).isTrue();
  }

  @Test
  void sensor1dLearnsASeparableSyntheticTask() {
    ModelSpec sensor = ModelSpec.parse("sensor1d(12, 2)");
    // Class 1 when the features rise along the vector, class 0 when they fall.
    java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
    int n = 256;
    float[] x = new float[n * 12];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      for (int f = 0; f < 12; f++) {
        x[i * 12 + f] = (float) ((y[i] == 1 ? f : 11 - f) / 11.0 + 0.2 * rng.nextGaussian());
      }
    }
    Dataset data = new Dataset(x, y, Shape.of(1, 12), 2);
    TrainConfig adam = TrainConfig.sgd(8, 32, 1e-2, 7).withOptimizer(Optimizer.ADAM);

    TrainOutcome out = trainer.train(sensor, FULL, sensor.initialize(1), data, adam);

    assertLayout(out.delta(), sensor.tensors(FULL));
    assertThat(out.epochLoss().get(7)).isLessThan(0.5 * out.epochLoss().get(0));
  }

  @Test
  void startWeightsOfAnotherLayoutAreRefusedNamingBoth() {
    Model fullWidth = CNN.initialize(1);

    assertThatThrownBy(
            () ->
                trainer.train(CNN, Ratio.of(0.5), fullWidth, train, TrainConfig.sgd(1, 32, 0.1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conv1.weight[16, 1, 5, 5]")
        .hasMessageContaining("conv1.weight[8, 1, 5, 5]");
  }

  @Test
  void dataOfAnotherShapeIsRefused() {
    Dataset wide = new Dataset(new float[10], new int[] {0, 1}, Shape.of(5), 10);

    assertThatThrownBy(() -> trainer.train(MLP, FULL, MLP.initialize(1), wide, MLP_SGD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5]");
  }

  static void assertLayout(Model delta, List<TensorInfo> expected) {
    assertThat(delta.names()).isEqualTo(expected.stream().map(TensorInfo::name).toList());
    assertThat(delta.shapes()).isEqualTo(expected.stream().map(TensorInfo::shape).toList());
  }
}
