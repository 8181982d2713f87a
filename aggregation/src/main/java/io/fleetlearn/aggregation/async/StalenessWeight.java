package io.fleetlearn.aggregation.async;

/**
 * How much an update trained {@code s} versions ago counts, relative to a fresh one: {@code w(0) =
 * 1} for the provided functions, decreasing in {@code s}. The functions of Xie et al. 2019
 * ("Asynchronous Federated Optimization", FedAsync): constant {@code 1} and polynomial {@code
 * (1+s)^-a}; FedBuff (Nguyen et al. 2022) uses {@code 1/sqrt(1+s)}, the polynomial with {@code a =
 * 1/2}, as its default.
 */
@FunctionalInterface
public interface StalenessWeight {

  /**
   * The weight of an update {@code staleness} versions old.
   *
   * @param staleness {@code >= 0}
   * @return finite and {@code >= 0}
   */
  double weight(long staleness);

  /** Every update counts fully, however old: {@code w(s) = 1}. */
  static StalenessWeight constant() {
    return s -> 1.0;
  }

  /** {@code w(s) = (1+s)^-a}; {@code a = 0} is {@link #constant()}. */
  static StalenessWeight polynomial(double a) {
    if (!(a >= 0) || Double.isInfinite(a)) {
      throw new IllegalArgumentException("exponent a (" + a + ") must be finite and >= 0");
    }
    return s -> Math.pow(1.0 + s, -a);
  }

  /** FedBuff's default, {@code w(s) = 1/sqrt(1+s)}. */
  static StalenessWeight inverseSqrt() {
    return s -> 1.0 / Math.sqrt(1.0 + s);
  }
}
