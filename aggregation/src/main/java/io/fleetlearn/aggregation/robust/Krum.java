package io.fleetlearn.aggregation.robust;

import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;

/**
 * Krum (Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries: Byzantine
 * Tolerant Gradient Descent", NeurIPS 2017): each update's score is the sum of squared Euclidean
 * distances to its {@code n − f − 2} nearest other updates; the lowest-scoring update is taken
 * whole, {@code global' = global + x_best}. Ties go to the smaller device id.
 *
 * <p>Requires {@code n > 2f + 2} accepted updates; with fewer, {@code finish} returns empty and
 * {@link RobustRound#refusal()} gives the reason. {@link RobustRound#selected()} names the chosen
 * device. Sample counts are ignored; only full-width updates are accepted.
 *
 * <p>Cost: as {@link MultiKrum}: memory {@code n × params × 4} bytes plus n² doubles, time O(n² ×
 * params / 2) for the pairwise distances.
 */
public final class Krum extends SampledStrategy {
  private final MultiKrum rule;

  /**
   * @param f how many arbitrary (Byzantine) updates to tolerate, >= 0
   * @param fraction share of the available devices sampled each round, in (0, 1]
   * @param minDevices fewest devices a round runs with
   */
  public Krum(int f, double fraction, int minDevices) {
    super(fraction, minDevices);
    this.rule = new MultiKrum(f, 1, fraction, minDevices);
  }

  /** How many arbitrary updates a round tolerates. */
  public int f() {
    return rule.f();
  }

  /** Opens a round that buffers full-width updates and takes the best-scoring one. */
  @Override
  public RobustRound beginTrain(long round, Model global, LayerChain chain) {
    return rule.beginTrain(round, global, chain);
  }
}
