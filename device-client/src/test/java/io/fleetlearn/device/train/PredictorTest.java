package io.fleetlearn.device.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PredictorTest {
  static final Ratio FULL = Ratio.of(1);

  @Test
  void loadedWeightsPredictWhatDjlsOwnForwardGives() throws TranslateException {
    ModelSpec cnn = ModelSpec.parse("cnn");
    Model weights = cnn.initialize(9);
    Dataset data = FashionSample.test().slice(0, 20);

    float[] ours;
    try (io.fleetlearn.device.train.Predictor p =
        new io.fleetlearn.device.train.Predictor(cnn, FULL, weights)) {
      ours = p.predict(data).probabilities();
    }

    float[] djl;
    try (ai.djl.Model model = ai.djl.Model.newInstance("ref", Device.cpu(), DjlRuntime.ENGINE)) {
      model.setBlock(DjlModels.build(cnn, FULL));
      model
          .getBlock()
          .initialize(model.getNDManager(), DataType.FLOAT32, DjlModels.inputShape(cnn, 1));
      DjlModels.load(DjlModels.bind(model.getBlock(), cnn, FULL), weights);
      try (Predictor<NDList, NDList> ref = model.newPredictor(new NoopTranslator());
          NDManager m = model.getNDManager().newSubManager()) {
        NDList x = new NDList(m.create(data.features(), DjlModels.inputShape(cnn, 20)));
        djl = ref.predict(x).singletonOrThrow().softmax(1).toFloatArray();
      }
    }
    assertThat(ours).hasSize(200);
    for (int i = 0; i < djl.length; i++) {
      assertThat(ours[i]).isCloseTo(djl[i], within(1e-5f));
    }
  }

  @Test
  void mlpLogitsEqualAHandComputedForwardPass() {
    ModelSpec mlp = ModelSpec.parse("mlp(6, 5, 3)");
    Model w = mlp.initialize(4);
    float[] x = {0.1f, -0.4f, 0.9f, 0.0f, 1.5f, -2f};

    float[] h = relu(dense(w.tensor("fc1.weight"), w.tensor("fc1.bias"), x));
    float[] logits = dense(w.tensor("fc2.weight"), w.tensor("fc2.bias"), h);
    double z = Arrays.stream(box(logits)).mapToDouble(Math::exp).sum();

    try (io.fleetlearn.device.train.Predictor p =
        new io.fleetlearn.device.train.Predictor(mlp, FULL, w)) {
      Predictions out = p.predict(x);
      for (int c = 0; c < 3; c++) {
        assertThat((double) out.probability(0, c)).isCloseTo(Math.exp(logits[c]) / z, within(1e-6));
      }
      assertThat(out.labels()[0]).isEqualTo(argmax(logits));
      assertThat(out.msPerExample()).isPositive();
    }
  }

  @Test
  void evaluateCountsCorrectLabelsAndUpdateSwapsTheWeights() {
    ModelSpec mlp = ModelSpec.parse("mlp(784, 32, 10)");
    Dataset test = FashionSample.test();
    try (io.fleetlearn.device.train.Predictor p =
        new io.fleetlearn.device.train.Predictor(mlp, FULL, mlp.initialize(1))) {
      Predictions before = p.predict(test);
      Evaluation e = p.evaluate(test);
      int correct = 0;
      for (int i = 0; i < test.size(); i++) {
        correct += before.labels()[i] == test.labels()[i] ? 1 : 0;
      }
      assertThat(e.accuracy()).isEqualTo(correct / 200.0);
      assertThat(e.samples()).isEqualTo(200);
      // Untrained: close to the uniform guess, ln 10 = 2.30.
      assertThat(e.loss()).isBetween(1.8, 2.8);

      p.update(mlp.initialize(2));

      assertThat(p.predict(test).probabilities()).isNotEqualTo(before.probabilities());
    }
  }

  private static float[] dense(Tensor weight, Tensor bias, float[] in) {
    int out = weight.shape().dim(0);
    float[] y = new float[out];
    for (int o = 0; o < out; o++) {
      double s = bias.get(o);
      for (int i = 0; i < in.length; i++) {
        s += weight.get(o * in.length + i) * (double) in[i];
      }
      y[o] = (float) s;
    }
    return y;
  }

  private static float[] relu(float[] v) {
    float[] r = v.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.max(0, r[i]);
    }
    return r;
  }

  private static Float[] box(float[] v) {
    Float[] b = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = v[i];
    }
    return b;
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
