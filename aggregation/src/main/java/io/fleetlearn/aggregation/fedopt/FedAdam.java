package io.fleetlearn.aggregation.fedopt;

import io.fleetlearn.aggregation.strategy.FedAvg;

/**
 * FedAdam (Reddi et al. 2021, "Adaptive Federated Optimization", Algorithm 2): Adam on the server,
 * without bias correction, as in the paper:
 *
 * <pre>{@code
 * m = β1 m + (1 − β1) Δ
 * v = β2 v + (1 − β2) Δ²
 * x = x + η m / (√v + τ)
 * }</pre>
 *
 * The paper tunes η and τ per task (τ = 10^-3 is a robust choice; β1 = 0.9, β2 = 0.99).
 */
public class FedAdam extends FedOpt {

  /** See {@link FedOpt#FedOpt} for the ranges. */
  public FedAdam(FedAvg settings, double eta, double beta1, double beta2, double tau) {
    super(settings, eta, beta1, beta2, tau);
  }

  @Override
  protected double step(double[] m, double[] v, int p, double delta) {
    m[p] = beta1 * m[p] + (1 - beta1) * delta;
    v[p] = beta2 * v[p] + (1 - beta2) * delta * delta;
    return eta * m[p] / (Math.sqrt(v[p]) + tau);
  }
}
