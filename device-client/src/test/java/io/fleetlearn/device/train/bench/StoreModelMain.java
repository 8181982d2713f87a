package io.fleetlearn.device.train.bench;

import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Presets;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.data.IdxReader;
import io.fleetlearn.device.inference.ModelStore;
import io.fleetlearn.device.inference.StoredModel;
import io.fleetlearn.device.train.LocalTrainer;
import io.fleetlearn.device.train.TrainConfig;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.nio.file.Path;

/**
 * Puts a model in a data folder as a device would after a round (not a unit test), to try {@code
 * fleetlearn-device predict} by hand: trains the spec from its initial weights on the bundled
 * sample, encodes the result with the download preset and stores it. Arguments: data folder, spec
 * [cnn], epochs [3].
 */
public final class StoreModelMain {
  private StoreModelMain() {}

  /** Trains, encodes and stores. */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    ModelSpec spec = ModelSpec.parse(args.length > 1 ? args[1] : "cnn");
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Path.of("src/main/resources/fashion-mnist-sample");
    Dataset train =
        IdxReader.read(
            dir.resolve("train-images-idx3-ubyte.gz"),
            dir.resolve("train-labels-idx1-ubyte.gz"),
            10);
    Ratio full = Ratio.of(1);
    Model model = spec.initialize(1);
    try (LocalTrainer trainer = new LocalTrainer()) {
      Model delta =
          trainer.train(spec, full, model, train, TrainConfig.sgd(epochs, 32, 0.1, 7)).delta();
      for (int i = 0; i < model.size(); i++) {
        Tensor t = model.tensor(i);
        for (int k = 0; k < t.size(); k++) {
          t.set(k, t.get(k) + delta.tensor(i).get(k));
        }
      }
    }
    byte[] frame =
        Presets.download()
            .encodeFrame(
                FrameMeta.model(1, "w100"), model, EncodeContext.plain().withChain(spec.chain()));
    new ModelStore(data.resolve("model"))
        .save(new StoredModel(spec.toString(), full, 1, "w100", frame));
    System.out.println(
        "stored " + spec + " (" + frame.length + " bytes) in " + data.resolve("model"));
  }
}
