package io.fleetlearn.device.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs rounds of local training on the CPU with a manual loop (forward, softmax cross-entropy plus
 * the optional FedProx and L1 terms, backward, optimizer step) and returns the weight delta.
 *
 * <p>Cost per round: epochs × (forward + backward) over the local data; memory: the model, its
 * gradients and optimizer state (Adam: two more copies), one batch of activations, and the engine's
 * fixed footprint. Not thread-safe: one round at a time per trainer.
 *
 * <p>Trainers of one JVM (the simulator's devices, tests) either take turns per step on DJL's
 * process-wide gradient collector (the default), or, built with {@link TrainingSlots}, record
 * gradients per thread ({@link ThreadGradients}) and run up to the slots' permits of rounds at
 * once.
 */
public final class LocalTrainer implements AutoCloseable {
  /** Guards DJL's one-per-process gradient collector; see {@link #epoch}. */
  private static final Object AUTOGRAD = new Object();

  private final Engine engine;
  private final NDManager base;
  private final TrainingSlots slots;

  /**
   * A trainer on the offline PyTorch engine (loads it on first use) whose steps take turns with
   * every other such trainer of the JVM.
   */
  public LocalTrainer() {
    this(null);
  }

  private LocalTrainer(TrainingSlots slots) {
    this.engine = DjlRuntime.engine();
    this.base = engine.newBaseManager(Device.cpu());
    this.slots = slots;
  }

  /**
   * A trainer whose rounds run in parallel with those of other trainers sharing {@code slots}, up
   * to its permits; see {@link ThreadGradients} for why that is safe.
   */
  public static LocalTrainer concurrent(TrainingSlots slots) {
    if (slots == null) {
      throw new IllegalArgumentException("slots must be given");
    }
    return new LocalTrainer(slots);
  }

  /**
   * Trains from {@code start} (the spec's layout at {@code width}) on {@code data} and returns
   * trained − start. Deterministic for a fixed {@code config.seed()} and thread count.
   */
  public TrainOutcome train(
      ModelSpec spec, Ratio width, Model start, Dataset data, TrainConfig config) {
    Batches.requireFits(spec, data);
    if (data.size() == 0) {
      throw new IllegalArgumentException("no local examples to train on");
    }
    if (slots == null) {
      return round(spec, width, start, data, config);
    }
    try (TrainingSlots.Permit p = slots.acquire()) {
      return round(spec, width, start, data, config);
    }
  }

  private TrainOutcome round(
      ModelSpec spec, Ratio width, Model start, Dataset data, TrainConfig config) {
    long t0 = System.nanoTime();
    engine.setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
    Loss ce = new SoftmaxCrossEntropyLoss();
    // One manager per round: the proximal anchor and anything a step leaves behind die with it.
    try (NDManager round = base.newSubManager();
        // The DJL model owns the parameters and their gradients; closing it frees them.
        ai.djl.Model model = ai.djl.Model.newInstance("local", Device.cpu(), DjlRuntime.ENGINE)) {
      model.setBlock(DjlModels.build(spec, width));
      DefaultTrainingConfig tc = new DefaultTrainingConfig(ce).optOptimizer(optimizer(config));
      // The trainer owns the parameter store and the optimizer state (Adam's moments).
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(DjlModels.inputShape(spec, 1));
        List<DjlModels.Binding> params = DjlModels.bind(model.getBlock(), spec, width);
        DjlModels.load(params, start);
        List<NDArray> anchor = config.proximalMu() > 0 ? anchor(round, start) : List.of();
        List<Double> losses = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(config.seed());
        for (int e = 0; e < config.epochs(); e++) {
          losses.add(epoch(round, trainer, ce, spec, data, config, params, anchor, rng, slots));
        }
        Model delta = DjlModels.read(params);
        subtract(delta, start);
        return new TrainOutcome(
            delta, losses, data.size(), Duration.ofNanos(System.nanoTime() - t0));
      }
    }
  }

  private static double epoch(
      NDManager round,
      Trainer trainer,
      Loss ce,
      ModelSpec spec,
      Dataset data,
      TrainConfig config,
      List<DjlModels.Binding> params,
      List<NDArray> anchor,
      SplittableRandom rng,
      TrainingSlots slots) {
    int n = data.size();
    int[] order = shuffle(Batches.identity(n), rng);
    double sum = 0;
    for (int from = 0; from < n; from += config.batchSize()) {
      int to = Math.min(n, from + config.batchSize());
      NDManager step = round.newSubManager();
      NDList x = new NDList(Batches.features(step, spec, data, order, from, to));
      NDList y = new NDList(Batches.labels(step, data, order, from, to));
      // The batch owns `step`: inputs, activations, losses and regularizer temporaries of this
      // step are freed together when it closes.
      try (Batch batch =
          new Batch(step, x, y, to - from, Batchifier.STACK, Batchifier.STACK, to, n)) {
        if (slots != null) {
          // Recording is this thread's alone: no turn-taking with other trainers.
          try (ThreadGradients g = new ThreadGradients()) {
            NDArray loss = forward(trainer, ce, batch);
            sum += loss.getFloat() * (double) (to - from);
            g.backward(withRegularizers(step, loss, params, anchor, config));
          }
          trainer.step();
        } else {
          // DJL's PyTorch engine allows one gradient collector per process (a process-wide flag;
          // see ThreadGradients): trainers sharing a JVM without slots take turns per step.
          synchronized (AUTOGRAD) {
            // The collector scopes autograd recording to this step's forward and backward.
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray loss = forward(trainer, ce, batch);
              sum += loss.getFloat() * (double) (to - from);
              gc.backward(withRegularizers(step, loss, params, anchor, config));
            }
            trainer.step();
          }
        }
      }
    }
    return sum / n;
  }

  /** The batch's mean cross-entropy, recorded for backward. */
  private static NDArray forward(Trainer trainer, Loss ce, Batch batch) {
    NDArray logits = trainer.forward(batch.getData()).singletonOrThrow();
    return ce.evaluate(batch.getLabels(), new NDList(logits));
  }

  /**
   * loss + μ/2·Σ‖w − w₀‖² + λ·Σ‖w‖₁. Results of operations on a parameter belong to the model's
   * manager, so each is moved to {@code step} at once, else every step would leak them until the
   * round ends.
   */
  private static NDArray withRegularizers(
      NDManager step,
      NDArray loss,
      List<DjlModels.Binding> params,
      List<NDArray> anchor,
      TrainConfig config) {
    NDArray total = loss;
    for (int i = 0; i < params.size(); i++) {
      NDArray w = params.get(i).parameter().getArray();
      if (config.proximalMu() > 0) {
        NDArray d = owned(step, w.sub(anchor.get(i)));
        total = total.add(d.square().sum().mul((float) (config.proximalMu() / 2)));
      }
      if (config.l1() > 0) {
        NDArray a = owned(step, w.abs());
        total = total.add(a.sum().mul((float) config.l1()));
      }
    }
    return total;
  }

  private static NDArray owned(NDManager m, NDArray a) {
    a.attach(m);
    return a;
  }

  private static List<NDArray> anchor(NDManager round, Model start) {
    List<NDArray> out = new ArrayList<>(start.size());
    for (Tensor t : start.tensors()) {
      out.add(round.create(t.toArray(), new ai.djl.ndarray.types.Shape(longs(t.shape().dims()))));
    }
    return out;
  }

  private static long[] longs(int[] dims) {
    long[] l = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      l[i] = dims[i];
    }
    return l;
  }

  private static Optimizer optimizer(TrainConfig c) {
    Tracker lr = Tracker.fixed((float) c.learningRate());
    return switch (c.optimizer()) {
      case SGD -> Optimizer.sgd().setLearningRateTracker(lr).build();
      case MOMENTUM -> Optimizer.sgd().setLearningRateTracker(lr).optMomentum(0.9f).build();
      case ADAM -> Optimizer.adam().optLearningRateTracker(lr).build();
    };
  }

  private static int[] shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  private static void subtract(Model trained, Model start) {
    for (int i = 0; i < trained.size(); i++) {
      Tensor a = trained.tensor(i);
      Tensor b = start.tensor(i);
      for (int k = 0; k < a.size(); k++) {
        a.array()[a.offset() + k] -= b.array()[b.offset() + k];
      }
    }
  }

  /** Frees the trainer's native base manager. */
  @Override
  public void close() {
    base.close();
  }
}
