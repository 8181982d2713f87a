package io.fleetlearn.aggregation.robust;

import io.fleetlearn.aggregation.fold.WeightedSum;
import io.fleetlearn.aggregation.strategy.RoundAggregation;
import io.fleetlearn.aggregation.update.Failure;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of a robust rule: buffers the accepted updates (see the memory note on each rule) and
 * at {@link #finish} applies the rule and returns {@code global + aggregate delta}.
 *
 * <p>When a rule refuses the round (Krum with too few updates for its {@code f}), {@code finish}
 * returns empty, the reason is logged at WARNING through SLF4J and kept for {@link #refusal()}: a
 * refusal is data, not an exception.
 */
public final class RobustRound implements RoundAggregation {
  private static final Logger LOG = LoggerFactory.getLogger(RobustRound.class);

  private final String ruleName;
  private final long round;
  private final Model global;
  private final Rule rule;
  private final UpdateBuffer buffer;
  private boolean finished;
  private String refusal = "";
  private List<String> selected = List.of();

  RobustRound(String ruleName, long round, Model global, Rule rule) {
    this.ruleName = ruleName;
    this.round = round;
    this.global = Objects.requireNonNull(global, "global");
    this.rule = rule;
    this.buffer = new UpdateBuffer(round, WeightedSum.layoutOf(global));
  }

  /**
   * Checks the update (round, duplicate device, full width, layout, finite values) and buffers it
   * decoded. The device's sample count is ignored: a robust rule counts every update once.
   */
  @Override
  public Verdict offer(TrainResult result) {
    requireOpen();
    return buffer.add(result);
  }

  @Override
  public int accepted() {
    return buffer.rows().size();
  }

  /** Applies the rule; empty when no update was accepted or the rule refused the round. */
  @Override
  public Optional<Model> finish(List<Failure> failures) {
    requireOpen();
    finished = true;
    if (buffer.rows().isEmpty()) {
      refusal = ruleName + " round " + round + ": no update accepted; global model kept";
      return Optional.empty();
    }
    Rule.Outcome out = rule.apply(buffer.rows(), buffer.devices(), buffer.params());
    if (out.delta() == null) {
      refusal = ruleName + " round " + round + ": " + out.refusal();
      LOG.warn("{}", refusal);
      return Optional.empty();
    }
    selected = out.selected();
    return Optional.of(plus(global, out.delta()));
  }

  /** Why the last {@link #finish} returned empty; empty before finish or when it gave a model. */
  public Optional<String> refusal() {
    return refusal.isEmpty() ? Optional.empty() : Optional.of(refusal);
  }

  /**
   * The devices whose updates make the result: those Krum or Multi-Krum chose, or every accepted
   * device for the coordinate-wise rules. Empty before finish.
   */
  public List<String> selected() {
    return selected;
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException(ruleName + " round " + round + " is already finished");
    }
  }

  static Model plus(Model global, float[] delta) {
    Model next = Model.flatZeros(global.names(), global.shapes());
    int p = 0;
    for (int t = 0; t < global.size(); t++) {
      Tensor g = global.tensor(t);
      Tensor n = next.tensor(t);
      float[] ga = g.array();
      float[] na = n.array();
      int go = g.offset();
      int no = n.offset();
      for (int i = 0; i < g.size(); i++, p++) {
        na[no + i] = ga[go + i] + delta[p];
      }
    }
    return next;
  }
}
