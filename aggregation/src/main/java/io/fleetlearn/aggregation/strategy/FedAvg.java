package io.fleetlearn.aggregation.strategy;

import io.fleetlearn.aggregation.fold.PartialAggregate;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Federated averaging (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from
 * Decentralized Data"): each round a fraction C of the available devices trains locally for E
 * epochs, and the server moves the global model by the sample-weighted mean of their changes:
 *
 * <pre>{@code x' = x + η · Σ_k w_k Δ_k / Σ_k w_k}</pre>
 *
 * with {@code w_k} the device's sample count after the {@link SamplePolicy} and {@code η} the
 * server learning rate (1 in the paper). Updates of narrower width variants (HeteroFL, Diao et al.
 * 2021) are averaged per parameter over the devices whose slice covers it; a parameter no update
 * covers keeps its value.
 *
 * <p>Cost: a round holds one double per parameter (two once a narrow update arrives), whatever the
 * number of updates; each update is read twice (a finiteness check, then the fold). Subclasses
 * change the device settings ({@link FedProx}) or the server step ({@link FedOpt}).
 */
public class FedAvg implements Strategy {
  private final Ratio fraction;
  private final int minDevices;
  private final int maxDevices;
  private final int epochs;
  private final double learningRate;
  private final SamplePolicy samplePolicy;
  private final double serverLr;

  private FedAvg(Builder b) {
    this.fraction = b.fraction;
    this.minDevices = b.minDevices;
    this.maxDevices = b.maxDevices;
    this.epochs = b.epochs;
    this.learningRate = b.learningRate;
    this.samplePolicy = b.samplePolicy;
    this.serverLr = b.serverLr;
  }

  /** A strategy with the device selection, device settings and policy of {@code settings}. */
  protected FedAvg(FedAvg settings) {
    this.fraction = settings.fraction;
    this.minDevices = settings.minDevices;
    this.maxDevices = settings.maxDevices;
    this.epochs = settings.epochs;
    this.learningRate = settings.learningRate;
    this.samplePolicy = settings.samplePolicy;
    this.serverLr = settings.serverLr;
  }

  /** A builder with the defaults: every device, 2 at least, 1 epoch, lr 0.01, server lr 1. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Samples {@code clamp(ceil(fraction × available), minDevices, min(maxDevices, available))}
   * distinct devices uniformly without replacement; none when fewer than {@code minDevices} are
   * available. The ids are sorted before sampling so that a seeded run does not depend on the order
   * of {@code available}.
   */
  @Override
  public List<TrainTask> configureTrain(long round, List<String> available, RandomGenerator rng) {
    List<String> ids = new ArrayList<>(new TreeSet<>(available));
    int n = ids.size();
    if (n < minDevices) {
      return List.of();
    }
    int k = Math.min(Math.max(fraction.ceilOf(n), minDevices), Math.min(maxDevices, n));
    Map<String, String> config =
        Map.of("epochs", Integer.toString(epochs), "learningRate", Double.toString(learningRate));
    List<TrainTask> tasks = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      String pick = ids.get(j);
      ids.set(j, ids.get(i));
      ids.set(i, pick);
      tasks.add(new TrainTask(pick, config));
    }
    return tasks;
  }

  /** Opens a round whose number of selected devices is not known: {@code minDevices} stands in. */
  @Override
  public FedAvgRound beginTrain(long round, Model global, LayerChain chain) {
    return beginTrain(round, global, chain, minDevices);
  }

  /**
   * Opens a round for which {@code selected} devices were asked to train: the count the {@link
   * SamplePolicy}'s relative cap expects.
   */
  public FedAvgRound beginTrain(long round, Model global, LayerChain chain, int selected) {
    return new FedAvgRound(this, round, global, chain, selected);
  }

  /**
   * The new global model from the old one and the round's aggregate: {@code x + η · sum / W} for
   * every parameter some update covered, {@code x} for the others. Called once per round, when it
   * closes with at least one update.
   */
  protected Model serverStep(Model global, PartialAggregate aggregate) {
    return applyMeans(global, aggregate, (p, mean) -> serverLr * mean);
  }

  /** The change a server rule makes to parameter {@code p} given its weighted mean update. */
  @FunctionalInterface
  protected interface MeanStep {
    double change(int p, double mean);
  }

  /**
   * A copy of {@code global} with {@code step} applied to every parameter some update covered
   * (weight above 0); the others keep their value.
   */
  protected static Model applyMeans(Model global, PartialAggregate aggregate, MeanStep step) {
    Model next = global.copy();
    double[] sum = aggregate.sum();
    int p = 0;
    for (Tensor t : next.tensors()) {
      float[] a = t.array();
      for (int i = t.offset(); i < t.offset() + t.size(); i++, p++) {
        double w = aggregate.weightAt(p);
        if (w > 0) {
          a[i] = (float) (a[i] + step.change(p, sum[p] / w));
        }
      }
    }
    return next;
  }

  /** The share of available devices sampled per round. */
  public Ratio fraction() {
    return fraction;
  }

  public int minDevices() {
    return minDevices;
  }

  public int maxDevices() {
    return maxDevices;
  }

  public SamplePolicy samplePolicy() {
    return samplePolicy;
  }

  public double serverLr() {
    return serverLr;
  }

  /** Settings with defaults; {@link #build} validates them. */
  public static final class Builder {
    private Ratio fraction = new Ratio(Ratio.ONE);
    private int minDevices = 2;
    private int maxDevices = Integer.MAX_VALUE;
    private int epochs = 1;
    private double learningRate = 0.01;
    private SamplePolicy samplePolicy = SamplePolicy.DEFAULT;
    private double serverLr = 1.0;

    private Builder() {}

    /** Share of the available devices sampled per round, in (0, 1]; default 1. */
    public Builder optFraction(double f) {
      if (!(f > 0 && f <= 1)) {
        throw new IllegalArgumentException("fraction (" + f + ") must be in (0, 1]");
      }
      this.fraction = Ratio.of(f);
      return this;
    }

    /** Fewest devices a round runs with; default 2. */
    public Builder optMinDevices(int n) {
      this.minDevices = n;
      return this;
    }

    /** Most devices a round samples; default unbounded. */
    public Builder optMaxDevices(int n) {
      this.maxDevices = n;
      return this;
    }

    /** Local epochs per round, sent to devices as {@code epochs}; default 1. */
    public Builder optEpochs(int e) {
      this.epochs = e;
      return this;
    }

    /** Local learning rate, sent to devices as {@code learningRate}; default 0.01. */
    public Builder optLearningRate(double lr) {
      this.learningRate = lr;
      return this;
    }

    /** How sample claims become weights; default {@link SamplePolicy#DEFAULT}. */
    public Builder optSamplePolicy(SamplePolicy p) {
      this.samplePolicy = Objects.requireNonNull(p, "samplePolicy");
      return this;
    }

    /** Server learning rate η; default 1 (plain FedAvg). */
    public Builder optServerLr(double lr) {
      this.serverLr = lr;
      return this;
    }

    /** The strategy, or an exception naming the setting that is out of range. */
    public FedAvg build() {
      if (minDevices < 1) {
        throw new IllegalArgumentException("minDevices (" + minDevices + ") must be >= 1");
      }
      if (maxDevices < minDevices) {
        throw new IllegalArgumentException(
            "maxDevices (" + maxDevices + ") must be >= minDevices (" + minDevices + ")");
      }
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs (" + epochs + ") must be >= 1");
      }
      requirePositive("learningRate", learningRate);
      requirePositive("serverLr", serverLr);
      return new FedAvg(this);
    }
  }

  /** For subclasses: fails naming {@code name} unless {@code v} is finite and positive. */
  protected static void requirePositive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " (" + v + ") must be finite and > 0");
    }
  }
}
