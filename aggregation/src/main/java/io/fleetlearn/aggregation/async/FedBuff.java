package io.fleetlearn.aggregation.async;

import io.fleetlearn.aggregation.fold.UpdateChecks;
import io.fleetlearn.aggregation.fold.WeightedSum;
import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Buffered asynchronous aggregation, FedBuff (Nguyen et al. 2022, "Federated Learning with Buffered
 * Asynchronous Aggregation"). Devices train on the version they last received and send their change
 * {@code Δ_i = local − global_{v_i}} whenever they finish. An update trained on version {@code v_i}
 * while the server is at version {@code v} is {@code s_i = v − v_i} versions stale; it is refused
 * when {@code s_i < 0} or {@code s_i > maxStaleness}. Accepted updates are folded into a buffer as
 * they arrive; when it holds K of them the server steps
 *
 * <pre>{@code
 * global_{v+1}[p] = global_v[p] + η · Σ_i n_i w(s_i) Δ_i[p] / Σ_i n_i
 * }</pre>
 *
 * <p>where {@code n_i} is the update's sample weight, {@code w} the {@link StalenessWeight}
 * (default {@code 1/sqrt(1+s)}) and both sums run over the buffered updates whose slice covers
 * parameter {@code p} (all of them for full-width updates; for nested width slices, HeteroFL's
 * per-parameter average, Diao et al. 2021). With {@code n_i = 1} this is the paper's rule {@code Δ̄
 * = (1/K) Σ w(s_i) Δ_i}. The damping multiplies the values but not the denominator, so that a
 * buffer of equally stale updates moves the model less than a fresh one; dividing by {@code Σ n_i
 * w(s_i)} would cancel it. Parameters no buffered update covers keep their value.
 *
 * <p>Refused, with the reason, and leaving the buffer unchanged: updates from the future or too
 * stale, of the wrong layout for their width (or narrow with no layer chain given), with non-finite
 * values (checked before folding), weighing nothing, and a second update from a device whose update
 * is already in the buffer.
 *
 * <p>Memory O(model) whatever K: the global model (floats), the buffer's weighted sum (one double
 * per parameter), and with narrow updates two more doubles per parameter for the covering weights;
 * plus the ids of the K buffered devices. Cost per update: two passes over it (the finiteness
 * check, the fold), O(kept values) for a sparse one; per publication O(model).
 *
 * <p>Thread-safe: {@link #offer} and the accessors are synchronized, so connections may offer
 * concurrently; updates are folded one at a time.
 */
public final class FedBuff implements AsyncAggregator {
  private final FedBuffConfig config;
  private final LayerChain chain;
  private final List<TensorInfo> layout;
  private final Map<Integer, SlicePlan> plans = new HashMap<>();
  private final Set<String> devices = new HashSet<>();
  private GlobalModel global;
  private WeightedSum buffer;
  private double fullSamples;
  private double[] narrowSamples;

  /**
   * @param initial the starting global model and version (copied; the caller's model is not kept)
   * @param chain the model's layer chain, to place narrow width variants; null when every device
   *     trains the full model (narrow updates are then refused)
   * @param config K, η, the staleness bound and weights
   */
  public FedBuff(GlobalModel initial, LayerChain chain, FedBuffConfig config) {
    this.config = config;
    this.chain = chain;
    Model m = initial.model().copy();
    if (chain != null) {
      chain.validate(m);
    }
    this.layout = List.copyOf(WeightedSum.layoutOf(m));
    this.global = new GlobalModel(initial.version(), m);
    this.buffer = new WeightedSum(layout);
  }

  @Override
  public synchronized GlobalModel current() {
    return global;
  }

  @Override
  public synchronized int buffered() {
    return devices.size();
  }

  /** The settings. */
  public FedBuffConfig config() {
    return config;
  }

  @Override
  public synchronized Outcome offer(TrainResult r) {
    String id = r.deviceId();
    long s = global.version() - r.baseVersion();
    if (s < 0) {
      return Outcome.refused(
          "update from "
              + id
              + " was trained on version "
              + r.baseVersion()
              + ", the newest is "
              + global.version()
              + "; update refused");
    }
    if (s > config.maxStaleness()) {
      return Outcome.refused(
          "update from "
              + id
              + " is "
              + s
              + " versions stale, the bound is "
              + config.maxStaleness()
              + "; update refused");
    }
    if (devices.contains(id)) {
      return Outcome.refused(
          "update from "
              + id
              + " is its second in this buffer, one per device is expected;"
              + " update refused");
    }
    double n = config.sampleWeight().applyAsDouble(r);
    if (!(n > 0) || Double.isInfinite(n)) {
      return Outcome.refused(
          "update from "
              + id
              + " weighs "
              + n
              + " ("
              + r.samples()
              + " samples), expected a finite weight > 0; update refused");
    }
    double w = config.staleness().weight(s);
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalStateException("staleness weight w(" + s + ") = " + w + " is not >= 0");
    }
    SlicePlan plan = null;
    Optional<String> bad;
    if (r.fullWidth()) {
      bad = UpdateChecks.layoutProblem("update from " + id, r.delta().tensors(), layout);
    } else if (chain == null) {
      bad =
          Optional.of(
              "update from "
                  + id
                  + " has width "
                  + r.width()
                  + ", but no layer chain was given to"
                  + " place it; update refused");
    } else {
      plan = plan(r.width());
      bad =
          UpdateChecks.layoutProblem(
              "update from " + id + " at width " + r.width(),
              r.delta().tensors(),
              slicedLayout(plan));
    }
    if (bad.isEmpty()) {
      bad = UpdateChecks.nonFinite("update from " + id, r.delta());
    }
    if (bad.isPresent()) {
      return Outcome.refused(bad.get());
    }
    fold(r, n, w, plan);
    devices.add(id);
    Verdict v = Verdict.accepted(n * w);
    if (devices.size() < config.bufferSize()) {
      return new Outcome(v, Optional.empty());
    }
    publish();
    return new Outcome(v, Optional.of(global));
  }

  private void fold(TrainResult r, double n, double w, SlicePlan plan) {
    if (plan == null) {
      buffer.add(r.delta(), n * w);
      fullSamples += n;
      return;
    }
    buffer.add(r.delta(), n * w, plan);
    if (narrowSamples == null) {
      narrowSamples = new double[buffer.parameterCount()];
    }
    int[] offsets = offsets();
    plan.forEachRun(
        (tensor, fullOff, slicedOff, len) -> {
          int base = offsets[tensor] + fullOff;
          for (int i = 0; i < len; i++) {
            narrowSamples[base + i] += n;
          }
        });
  }

  /** Steps the global model along the buffer's mean and starts an empty buffer. */
  private void publish() {
    double[] sum = buffer.snapshot().sum();
    Model next = global.model().copy();
    double eta = config.serverLearningRate();
    int p = 0;
    for (Tensor t : next.tensors()) {
      float[] a = t.array();
      int off = t.offset();
      for (int i = 0; i < t.size(); i++, p++) {
        double cover = fullSamples + (narrowSamples == null ? 0 : narrowSamples[p]);
        if (cover > 0) {
          a[off + i] = (float) (a[off + i] + eta * (sum[p] / cover));
        }
      }
    }
    global = new GlobalModel(global.version() + 1, next);
    buffer = new WeightedSum(layout);
    fullSamples = 0;
    narrowSamples = null;
    devices.clear();
  }

  private SlicePlan plan(Ratio width) {
    return plans.computeIfAbsent(
        width.ppm(),
        k -> {
          List<String> names = new ArrayList<>(layout.size());
          for (TensorInfo t : layout) {
            names.add(t.name());
          }
          return SlicePlan.of(chain, names, layout.stream().map(TensorInfo::shape).toList(), width);
        });
  }

  private static List<TensorInfo> slicedLayout(SlicePlan plan) {
    List<TensorInfo> out = new ArrayList<>(plan.names().size());
    for (int i = 0; i < plan.names().size(); i++) {
      out.add(new TensorInfo(plan.names().get(i), plan.slicedShape(i)));
    }
    return out;
  }

  private int[] offsets() {
    int[] o = new int[layout.size() + 1];
    for (int i = 0; i < layout.size(); i++) {
      o[i + 1] = o[i] + layout.get(i).shape().size();
    }
    return o;
  }
}
