package io.fleetlearn.aggregation.fedopt;

import io.fleetlearn.aggregation.fold.PartialAggregate;
import io.fleetlearn.aggregation.strategy.FedAvg;
import io.fleetlearn.compression.tensor.Model;
import java.util.Optional;

/**
 * Adaptive federated optimization (Reddi et al. 2021, "Adaptive Federated Optimization"): the
 * server treats the round's weighted mean change {@code Δ} as a pseudo-gradient and applies an
 * optimizer with state that persists across rounds. For every parameter some update covered:
 *
 * <pre>{@code
 * m = β1 m + (1 − β1) Δ
 * v = (rule of the subclass)
 * x = x + η m / (√v + τ)
 * }</pre>
 *
 * Parameters no update covered keep their value and their moments. The moments {@code m} and {@code
 * v} are doubles in the full model's layout, created (at 0, as in Flower; τ keeps the first step
 * finite) by the first round and exposed as an immutable {@link Moments} snapshot that the
 * coordinator persists and {@link #restore}s. Device selection and the streaming fold are {@link
 * FedAvg}'s; its server learning rate is not used, η is.
 *
 * <p>The moments are the only mutable state of a strategy; the methods touching them are
 * synchronized, so rounds of one strategy must still finish one at a time to be meaningful.
 */
public abstract class FedOpt extends FedAvg {
  /** η: server learning rate. */
  protected final double eta;

  /** β1: first-moment decay (the momentum of {@link FedAvgM}). */
  protected final double beta1;

  /** β2: second-moment decay. */
  protected final double beta2;

  /** τ: adaptivity, added to √v. */
  protected final double tau;

  private double[] m;
  private double[] v;
  private long steps;

  /**
   * @param settings device selection and device settings, as for FedAvg
   * @param eta η, finite and > 0
   * @param beta1 β1 in [0, 1)
   * @param beta2 β2 in [0, 1)
   * @param tau τ, finite and > 0
   */
  protected FedOpt(FedAvg settings, double eta, double beta1, double beta2, double tau) {
    super(settings);
    requirePositive("eta", eta);
    requirePositive("tau", tau);
    requireDecay("beta1", beta1);
    requireDecay("beta2", beta2);
    this.eta = eta;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.tau = tau;
  }

  /**
   * One parameter's server step: updates {@code m[p]} and {@code v[p]} with the mean change {@code
   * delta} and returns the change of the parameter.
   */
  protected abstract double step(double[] m, double[] v, int p, double delta);

  @Override
  protected final synchronized Model serverStep(Model global, PartialAggregate aggregate) {
    int n = aggregate.sum().length;
    if (m == null) {
      m = new double[n];
      v = new double[n];
    } else if (m.length != n) {
      throw new IllegalStateException(
          "the moments hold " + m.length + " parameters, the model has " + n);
    }
    Model next = applyMeans(global, aggregate, (p, mean) -> step(m, v, p, mean));
    steps++;
    return next;
  }

  /** The moments after the last round, or empty before the first. */
  public synchronized Optional<Moments> moments() {
    return m == null ? Optional.empty() : Optional.of(new Moments(steps, m, v));
  }

  /** Replaces the moments with a snapshot (from {@link #moments}, persisted by the coordinator). */
  public synchronized void restore(Moments saved) {
    this.m = saved.m();
    this.v = saved.v();
    this.steps = saved.steps();
  }

  /**
   * The server optimizer's state after {@code steps} rounds. Immutable: arrays are copied in and
   * out.
   *
   * @param steps how many server steps produced it
   * @param m first moment, one per parameter of the full model
   * @param v second moment, one per parameter
   */
  public record Moments(long steps, double[] m, double[] v) {
    public Moments {
      if (steps < 0 || m.length != v.length) {
        throw new IllegalArgumentException(
            "moments need steps >= 0 ("
                + steps
                + ") and m, v of one length ("
                + m.length
                + ", "
                + v.length
                + ")");
      }
      m = m.clone();
      v = v.clone();
    }

    @Override
    public double[] m() {
      return m.clone();
    }

    @Override
    public double[] v() {
      return v.clone();
    }

    /** Equal steps and element-wise equal moments (arrays compare by content, not identity). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Moments other
          && steps == other.steps
          && java.util.Arrays.equals(m, other.m)
          && java.util.Arrays.equals(v, other.v);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(
          steps, java.util.Arrays.hashCode(m), java.util.Arrays.hashCode(v));
    }

    @Override
    public String toString() {
      return "Moments(" + steps + " steps, " + m.length + " parameters)";
    }
  }

  private static void requireDecay(String name, double b) {
    if (!(b >= 0 && b < 1)) {
      throw new IllegalArgumentException(name + " (" + b + ") must be in [0, 1)");
    }
  }
}
