package io.fleetlearn.aggregation.privacy;

import java.util.List;

/**
 * Privacy accounting for repeated runs of the sampled Gaussian mechanism (each participant included
 * independently with probability q, the sum of their clipped contributions released with Gaussian
 * noise of standard deviation {@code noiseMultiplier × sensitivity}) by Rényi differential privacy.
 *
 * <p>Per step, for integer orders α ≥ 2 (Mironov, Talwar and Zhang 2019, "Rényi Differential
 * Privacy of the Sampled Gaussian Mechanism", Section 3.3):
 *
 * <pre>{@code
 * A_α  = Σ_{k=0..α} C(α,k) (1−q)^(α−k) q^k exp((k² − k) / (2σ²))
 * ε(α) = log(A_α) / (α − 1)
 * }</pre>
 *
 * computed in log space (log-sum-exp over the terms) so that large orders and small σ do not
 * overflow; for q = 1 this is the plain Gaussian mechanism's α / (2σ²). Only integer orders are
 * used (fractional ones would tighten ε by well under 1% in the cases tested). RDP composes by
 * addition, so after n steps it is n·ε(α).
 *
 * <p>Conversion to (ε, δ)-DP: {@link #epsilon} uses Balle et al. 2020 ("Hypothesis Testing
 * Interpretations and Rényi Differential Privacy", Theorem 21), the conversion Opacus's {@code
 * get_privacy_spent} and TF Privacy's current {@code compute_dp_sgd_privacy} use:
 *
 * <pre>{@code ε = rdp(α) − (log δ + log α) / (α − 1) + log((α − 1) / α)}</pre>
 *
 * minimised over {@link #ORDERS}. {@link #epsilonClassic} gives the older, looser conversion of
 * Mironov 2017 (Proposition 3), {@code ε = rdp(α) + log(1/δ) / (α − 1)}, which published figures
 * before 2020 used. Cost: O(Σ α) per accountant at construction (about 35 000 terms), O(|orders|)
 * per query.
 *
 * <p>Not thread-safe.
 */
public final class RdpAccountant {
  /** The orders searched: 2..64, 128 and 256. */
  public static final List<Integer> ORDERS = orders();

  private final double q;
  private final double noiseMultiplier;
  private final double[] perStep;
  private long steps;

  /**
   * @param q the probability that any one participant is included in a step, in [0, 1]
   * @param noiseMultiplier the noise standard deviation divided by the L2 sensitivity (z, σ), ≥ 0
   */
  public RdpAccountant(double q, double noiseMultiplier) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("sampling probability q (" + q + ") must be in [0, 1]");
    }
    if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
      throw new IllegalArgumentException(
          "noise multiplier (" + noiseMultiplier + ") must be finite and >= 0");
    }
    this.q = q;
    this.noiseMultiplier = noiseMultiplier;
    this.perStep = new double[ORDERS.size()];
    for (int i = 0; i < perStep.length; i++) {
      perStep[i] = sampledGaussianRdp(q, noiseMultiplier, ORDERS.get(i));
    }
  }

  /**
   * The RDP of one run of the sampled Gaussian mechanism at integer order {@code alpha} ≥ 2: 0 when
   * q = 0, +∞ when σ = 0 (and q > 0), α / (2σ²) when q = 1.
   */
  public static double sampledGaussianRdp(double q, double sigma, int alpha) {
    if (alpha < 2) {
      throw new IllegalArgumentException("order (" + alpha + ") must be an integer >= 2");
    }
    if (q == 0) {
      return 0;
    }
    if (sigma == 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (q == 1) {
      return alpha / (2 * sigma * sigma);
    }
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigma2 = 2 * sigma * sigma;
    double[] terms = new double[alpha + 1];
    double logBinom = 0; // log C(alpha, k), advanced by the ratio C(α,k)/C(α,k−1) = (α−k+1)/k
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k <= alpha; k++) {
      if (k > 0) {
        logBinom += Math.log(alpha - k + 1) - Math.log(k);
      }
      terms[k] = logBinom + k * logQ + (alpha - k) * log1mQ + ((double) k * k - k) / twoSigma2;
      max = Math.max(max, terms[k]);
    }
    double s = 0;
    for (double t : terms) {
      s += Math.exp(t - max);
    }
    return (max + Math.log(s)) / (alpha - 1);
  }

  /** Records one run of the mechanism. */
  public void step() {
    steps(1);
  }

  /** Records {@code n} runs of the mechanism. */
  public void steps(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("steps (" + n + ") must be >= 0");
    }
    steps = Math.addExact(steps, n);
  }

  /** How many runs were recorded. */
  public long stepCount() {
    return steps;
  }

  /** q, the per-step inclusion probability. */
  public double samplingProbability() {
    return q;
  }

  /** σ, the noise standard deviation over the sensitivity. */
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  /** The composed RDP at {@code alpha}, one of {@link #ORDERS}. */
  public double rdp(int alpha) {
    int i = ORDERS.indexOf(alpha);
    if (i < 0) {
      throw new IllegalArgumentException("order " + alpha + " is not one of " + ORDERS);
    }
    return composed(i);
  }

  /** The smallest ε over {@link #ORDERS} by Balle et al. 2020, Theorem 21; never below 0. */
  public PrivacySpent epsilon(double delta) {
    return best(delta, false);
  }

  /** The smallest ε over {@link #ORDERS} by the classic conversion (Mironov 2017, Prop. 3). */
  public PrivacySpent epsilonClassic(double delta) {
    return best(delta, true);
  }

  private PrivacySpent best(double delta, boolean classic) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta (" + delta + ") must be in (0, 1)");
    }
    if (steps == 0) {
      return new PrivacySpent(0, delta, 0, 0);
    }
    double bestEps = Double.POSITIVE_INFINITY;
    int bestOrder = 0;
    for (int i = 0; i < perStep.length; i++) {
      double a = ORDERS.get(i);
      double r = composed(i);
      double eps =
          classic
              ? r - Math.log(delta) / (a - 1)
              : r - (Math.log(delta) + Math.log(a)) / (a - 1) + Math.log((a - 1) / a);
      if (eps < bestEps) {
        bestEps = eps;
        bestOrder = (int) a;
      }
    }
    // A negative bound only arises for large δ; (0, δ) is then implied and is the honest report.
    return new PrivacySpent(Math.max(0, bestEps), delta, bestOrder, steps);
  }

  private double composed(int i) {
    // 0 steps of an infinite-RDP mechanism cost nothing; avoid ∞ × 0 = NaN.
    return steps == 0 ? 0 : perStep[i] * steps;
  }

  private static List<Integer> orders() {
    Integer[] o = new Integer[65];
    for (int a = 2; a <= 64; a++) {
      o[a - 2] = a;
    }
    o[63] = 128;
    o[64] = 256;
    return List.of(o);
  }
}
