package io.fleetlearn.aggregation.strategy;

import io.fleetlearn.aggregation.fold.PartialAggregate;
import io.fleetlearn.aggregation.fold.UpdateChecks;
import io.fleetlearn.aggregation.fold.WeightedSum;
import io.fleetlearn.aggregation.update.Failure;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One round of {@link FedAvg} (and its subclasses) in progress: each accepted update is streamed
 * into a {@link WeightedSum}. An update is refused, and nothing of it folded, when it is for
 * another round, from a device already accepted this round, claims no samples, has another layout
 * than the global model (or its width variant), or holds a NaN or infinity; the checks run over the
 * whole update before the fold.
 *
 * <p>Rounds of several coordinators combine through {@link #partial} and {@link #merge}: partial
 * aggregates are additive, so any split of the updates gives the same result. Duplicates across
 * coordinators are not detected (each sees its own devices).
 *
 * <p>Not thread-safe: one thread offers (the fold itself may use two).
 */
public final class FedAvgRound implements RoundAggregation {
  private final FedAvg strategy;
  private final long round;
  private final Model global;
  private final LayerChain chain;
  private final List<TensorInfo> layout;
  private final WeightedSum sum;
  private final Set<String> devices = new HashSet<>();
  private final Map<Ratio, SlicePlan> plans = new HashMap<>();
  private long[] claims = new long[16];
  private int claimCount;
  private final int selected;
  private boolean closed;

  FedAvgRound(FedAvg strategy, long round, Model global, LayerChain chain, int selected) {
    this.strategy = strategy;
    this.selected = selected;
    this.round = round;
    this.global = global;
    this.chain = chain;
    this.layout = WeightedSum.layoutOf(global);
    this.sum = new WeightedSum(layout);
    SamplePolicy policy = strategy.samplePolicy();
    if (policy.typicalSamples() > 0) {
      record(policy.absoluteCap(policy.typicalSamples()));
    }
  }

  @Override
  public Verdict offer(TrainResult r) {
    String who = "update from " + r.deviceId();
    if (closed) {
      return Verdict.refused(who + " arrived after round " + round + " closed; update refused");
    }
    if (r.round() != round) {
      return Verdict.refused(
          who + " is for round " + r.round() + ", this is round " + round + "; update refused");
    }
    if (devices.contains(r.deviceId())) {
      return Verdict.refused(
          who + " is a second update from it in round " + round + "; update refused");
    }
    SamplePolicy policy = strategy.samplePolicy();
    Optional<String> problem = policy.refusal(r.deviceId(), r.samples());
    SlicePlan plan = null;
    if (problem.isEmpty() && !r.fullWidth()) {
      if (chain == null) {
        return Verdict.refused(
            who
                + " is of width "
                + r.width()
                + " but the round has no layer chain to place it; update refused");
      }
      try {
        plan = plans.computeIfAbsent(r.width(), this::plan);
      } catch (IllegalArgumentException e) {
        return Verdict.refused(
            who
                + " is of width "
                + r.width()
                + ", which the model cannot be sliced to ("
                + e.getMessage()
                + "); update refused");
      }
    }
    if (problem.isEmpty()) {
      problem = UpdateChecks.layoutProblem(who, r.delta().tensors(), expected(plan));
    }
    if (problem.isEmpty()) {
      problem = UpdateChecks.nonFinite(who, r.delta());
    }
    if (problem.isPresent()) {
      return Verdict.refused(problem.get());
    }
    record(policy.absoluteCap(r.samples()));
    long w =
        policy.weight(
            r.samples(), claims[(claimCount - 1) / 2], Math.max(devices.size() + 1, selected));
    if (plan == null) {
      sum.add(r.delta(), w);
    } else {
      sum.add(r.delta(), w, plan);
    }
    devices.add(r.deviceId());
    return Verdict.accepted(w);
  }

  @Override
  public int accepted() {
    return (int) sum.updates();
  }

  /** The aggregate so far, as data another coordinator can {@link #merge}. */
  public PartialAggregate partial() {
    return sum.snapshot();
  }

  /**
   * Adds the aggregate of updates folded elsewhere (another coordinator, another shard of this
   * round).
   *
   * @throws IllegalArgumentException if its layout is not this round's model's
   */
  public void merge(PartialAggregate other) {
    if (closed) {
      throw new IllegalStateException("round " + round + " is closed");
    }
    sum.merge(other);
  }

  /** Closes the round: the server step on the mean change, or empty when nothing was accepted. */
  @Override
  public Optional<Model> finish(List<Failure> failures) {
    if (closed) {
      throw new IllegalStateException("round " + round + " is already finished");
    }
    closed = true;
    if (sum.updates() == 0) {
      return Optional.empty();
    }
    return Optional.of(strategy.serverStep(global, sum.snapshot()));
  }

  private SlicePlan plan(Ratio width) {
    return SlicePlan.of(chain, global.names(), global.shapes(), width);
  }

  private List<TensorInfo> expected(SlicePlan plan) {
    if (plan == null) {
      return layout;
    }
    List<TensorInfo> sliced = new ArrayList<>(layout.size());
    for (int i = 0; i < layout.size(); i++) {
      sliced.add(new TensorInfo(layout.get(i).name(), plan.slicedShape(i)));
    }
    return sliced;
  }

  /** Inserts a capped claim into the sorted claims, for the lower median. */
  private void record(long claim) {
    if (claimCount == claims.length) {
      claims = Arrays.copyOf(claims, claimCount * 2);
    }
    int at = Arrays.binarySearch(claims, 0, claimCount, claim);
    at = at < 0 ? -at - 1 : at;
    System.arraycopy(claims, at, claims, at + 1, claimCount - at);
    claims[at] = claim;
    claimCount++;
  }
}
