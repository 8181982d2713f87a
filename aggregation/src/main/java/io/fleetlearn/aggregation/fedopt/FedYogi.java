package io.fleetlearn.aggregation.fedopt;

import io.fleetlearn.aggregation.strategy.FedAvg;

/**
 * FedYogi (Reddi et al. 2021, "Adaptive Federated Optimization", Algorithm 2; Yogi from Zaheer et
 * al. 2018): like {@link FedAdam} but v moves towards Δ² additively, so it grows as fast but
 * shrinks slower, which the paper finds more stable:
 *
 * <pre>{@code
 * m = β1 m + (1 − β1) Δ
 * v = v − (1 − β2) Δ² sign(v − Δ²)
 * x = x + η m / (√v + τ)
 * }</pre>
 *
 * v stays >= 0: it only decreases when v > Δ², and then by at most (1 − β2) Δ² < v.
 */
public class FedYogi extends FedOpt {

  /** See {@link FedOpt#FedOpt} for the ranges. */
  public FedYogi(FedAvg settings, double eta, double beta1, double beta2, double tau) {
    super(settings, eta, beta1, beta2, tau);
  }

  @Override
  protected double step(double[] m, double[] v, int p, double delta) {
    double d2 = delta * delta;
    m[p] = beta1 * m[p] + (1 - beta1) * delta;
    v[p] = v[p] - (1 - beta2) * d2 * Math.signum(v[p] - d2);
    return eta * m[p] / (Math.sqrt(v[p]) + tau);
  }
}
