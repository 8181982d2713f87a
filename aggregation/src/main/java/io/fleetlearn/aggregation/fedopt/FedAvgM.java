package io.fleetlearn.aggregation.fedopt;

import io.fleetlearn.aggregation.strategy.FedAvg;

/**
 * FedAvg with server momentum (Hsu et al. 2019, "Measuring the Effects of Non-Identical Data
 * Distribution for Federated Visual Classification"): the mean change accumulates in a momentum
 * buffer, which moves the model:
 *
 * <pre>{@code
 * m = β m + Δ
 * x = x + η m
 * }</pre>
 *
 * β = {@link #beta1}; β2 and τ are not used, and v stays 0. With β = 0 and η = 1 this is FedAvg.
 * The paper uses β = 0.9 (then η = 1 − β keeps the effective step of FedAvg).
 */
public class FedAvgM extends FedOpt {

  /**
   * @param settings device selection and device settings, as for FedAvg
   * @param eta server learning rate η
   * @param momentum β in [0, 1)
   */
  public FedAvgM(FedAvg settings, double eta, double momentum) {
    super(settings, eta, momentum, 0, 1);
  }

  @Override
  protected double step(double[] m, double[] v, int p, double delta) {
    m[p] = beta1 * m[p] + delta;
    return eta * m[p];
  }
}
