package io.fleetlearn.device.train;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.protocol.spec.ModelSpec;
import org.junit.jupiter.api.Test;

class SpikeTest {
  @Test
  void spike() {
    var train = FashionSample.train();
    var test = FashionSample.test();
    try (LocalTrainer t = new LocalTrainer()) {
      for (String s : new String[] {"cnn", "mlp(784, 200, 10)"}) {
        ModelSpec spec = ModelSpec.parse(s);
        Model start = spec.initialize(1);
        for (var cfg :
            new TrainConfig[] {
              TrainConfig.sgd(3, 32, 0.1, 7),
              TrainConfig.sgd(3, 32, 0.001, 7).withOptimizer(Optimizer.ADAM)
            }) {
          var out = t.train(spec, Ratio.of(1), start, train, cfg);
          Model trained = start.copy();
          for (int i = 0; i < trained.size(); i++)
            for (int k = 0; k < trained.tensor(i).size(); k++)
              trained.tensor(i).set(k, trained.tensor(i).get(k) + out.delta().tensor(i).get(k));
          try (Predictor p = new Predictor(spec, Ratio.of(1), trained)) {
            System.out.println(
                s
                    + " "
                    + cfg.optimizer()
                    + " "
                    + out.epochLoss()
                    + " "
                    + out.perEpoch()
                    + " "
                    + p.evaluate(test));
          }
        }
      }
    }
  }
}
