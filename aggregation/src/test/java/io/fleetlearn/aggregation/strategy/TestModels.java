package io.fleetlearn.aggregation.strategy;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Small models for strategy tests: layout "w" [2, 3] and "b" [2], values given flat. */
public final class TestModels {
  public static final int PARAMS = 8;

  private TestModels() {}

  /** A model of the test layout holding {@code v} (8 values: w then b). */
  public static Model model(double... v) {
    if (v.length != PARAMS) {
      throw new IllegalArgumentException("need " + PARAMS + " values");
    }
    float[] w = new float[6];
    float[] b = new float[2];
    for (int i = 0; i < 6; i++) {
      w[i] = (float) v[i];
    }
    b[0] = (float) v[6];
    b[1] = (float) v[7];
    return Model.of(Tensor.of("w", Shape.of(2, 3), w), Tensor.of("b", Shape.of(2), b));
  }

  public static TrainResult result(String device, long round, long samples, double... delta) {
    return TrainResult.of(device, round, samples, UpdateData.of(model(delta)));
  }

  /** Every value of a model, flat, in order. */
  public static double[] flat(Model m) {
    List<Double> out = new ArrayList<>();
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        out.add((double) t.get(i));
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** An unbounded FedAvg: every weight is the claim. */
  public static FedAvg plain() {
    return FedAvg.builder().optSamplePolicy(SamplePolicy.absolute(Long.MAX_VALUE)).build();
  }

  /** The float the server step writes: {@code (float) (x + lr * mean)}. */
  static float step(double x, double lr, double mean) {
    return (float) ((float) x + lr * mean);
  }
}
