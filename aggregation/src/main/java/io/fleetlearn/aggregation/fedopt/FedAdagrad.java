package io.fleetlearn.aggregation.fedopt;

import io.fleetlearn.aggregation.strategy.FedAvg;

/**
 * FedAdagrad (Reddi et al. 2021, "Adaptive Federated Optimization", Algorithm 2): the squared mean
 * changes accumulate without decay, so each parameter's step shrinks with its history:
 *
 * <pre>{@code
 * m = β1 m + (1 − β1) Δ
 * v = v + Δ²
 * x = x + η m / (√v + τ)
 * }</pre>
 *
 * β2 is not used. With β1 = 0 this is Adagrad on the pseudo-gradient.
 */
public class FedAdagrad extends FedOpt {

  /**
   * @param settings device selection and device settings, as for FedAvg
   * @param eta η
   * @param beta1 β1 in [0, 1)
   * @param tau τ
   */
  public FedAdagrad(FedAvg settings, double eta, double beta1, double tau) {
    super(settings, eta, beta1, 0, tau);
  }

  @Override
  protected double step(double[] m, double[] v, int p, double delta) {
    m[p] = beta1 * m[p] + (1 - beta1) * delta;
    v[p] = v[p] + delta * delta;
    return eta * m[p] / (Math.sqrt(v[p]) + tau);
  }
}
