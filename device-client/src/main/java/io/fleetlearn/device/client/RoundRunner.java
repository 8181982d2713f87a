package io.fleetlearn.device.client;

import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.eligibility.Eligibility;
import io.fleetlearn.device.train.Evaluation;
import io.fleetlearn.device.train.LocalTrainer;
import io.fleetlearn.device.train.Predictor;
import io.fleetlearn.device.train.TrainConfig;
import io.fleetlearn.device.train.TrainOutcome;
import io.fleetlearn.device.train.TrainingSlots;
import io.fleetlearn.protocol.message.EvaluationReport;
import io.fleetlearn.protocol.message.Resources;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Carries out one task on the worker thread: fetch and check the model, then train and encode the
 * update (with the error-feedback residual from disk), or evaluate on the local test data. Not
 * thread-safe: the device runs one task at a time.
 */
final class RoundRunner implements AutoCloseable {
  /**
   * A round's update frame.
   *
   * @param round the task's round
   * @param nonce this attempt's nonce (the outbox and the coordinator key by it)
   * @param frame the encoded update frame
   * @param seconds wall time of the training
   * @param deadlineMillis the round's deadline (kept with the update in the outbox)
   */
  record Update(long round, long nonce, byte[] frame, double seconds, long deadlineMillis) {}

  private final String deviceId;
  private final ModelFetcher fetcher;
  private final ResidualStore residuals;
  private final Dataset train;
  private final Optional<Dataset> test;
  private final Optional<TrainingSlots> slots;
  private LocalTrainer trainer;

  RoundRunner(
      String deviceId,
      ModelFetcher fetcher,
      ResidualStore residuals,
      Dataset train,
      Optional<Dataset> test,
      Optional<TrainingSlots> slots) {
    this.deviceId = deviceId;
    this.slots = slots;
    this.fetcher = fetcher;
    this.residuals = residuals;
    this.train = train;
    this.test = test;
  }

  /**
   * Checks that the task may run now: its deadline is ahead and the eligibility rules pass.
   *
   * @return milliseconds left until the deadline
   */
  static long admit(TaskMessage task, Eligibility rules, Resources now, long nowMillis)
      throws RoundRefusal {
    long left = task.deadlineMillis() - nowMillis;
    if (left <= 0) {
      throw new RoundRefusal("deadline passed " + (-left) + " ms ago");
    }
    Optional<String> reason = rules.check(now);
    if (reason.isPresent()) {
      throw new RoundRefusal(reason.get());
    }
    return left;
  }

  /** Trains on the task's model and returns the encoded update. */
  Update train(TaskMessage task, Duration modelWait, long nonce) throws RoundRefusal {
    ModelSpec spec = ModelSpec.parse(task.spec());
    Ratio width = new Ratio(task.widthPpm());
    Pipeline pipeline = Pipeline.parse(task.uploadPipeline());
    if (pipeline.width() != null) {
      // The delta is already at the task's width; slicing it again would not match the variant.
      throw new RoundRefusal("upload pipeline '" + pipeline + "' has a Width stage; not allowed");
    }
    Model start = fetcher.fetch(task.modelVersion(), task.variant(), spec, width, modelWait);
    TrainConfig config =
        new TrainConfig(
            task.epochs(),
            task.batchSize(),
            task.learningRate(),
            task.optimizer(),
            task.proximalMu(),
            task.l1(),
            nonce);
    TrainOutcome outcome;
    try {
      if (trainer == null) {
        // Loads the engine once, on the worker thread.
        trainer = slots.map(LocalTrainer::concurrent).orElseGet(LocalTrainer::new);
      }
      outcome = trainer.train(spec, width, start, train, config);
    } catch (IllegalArgumentException e) {
      throw new RoundRefusal("local data does not fit " + spec + ": " + e.getMessage());
    }
    int bad = firstNonFinite(outcome.delta());
    if (bad >= 0) {
      // Diverged training must not reach the coordinator (it would refuse it anyway) nor the
      // error-feedback residual, which would carry the NaN into every later round.
      throw new RoundRefusal(
          "local training diverged: non-finite weight change at parameter "
              + bad
              + ", epoch losses "
              + outcome.epochLoss());
    }
    ErrorFeedback ef =
        pipeline.usesErrorFeedback() ? residuals.load(spec, width, outcome.delta()) : null;
    EncodeContext ctx = new EncodeContext(null, ef, new SplittableRandom(nonce));
    Map<String, String> attributes = new java.util.HashMap<>();
    attributes.put("device", deviceId);
    attributes.put("samples", Integer.toString(outcome.samples()));
    attributes.put("nonce", Long.toUnsignedString(nonce, 16));
    attributes.put("width", Integer.toString(task.widthPpm()));
    if (!outcome.epochLoss().isEmpty()) {
      // The first and last local epoch's mean training loss: two numbers whatever the epoch
      // count, so the header stays small; the coordinator charts the sample-weighted mean of
      // "loss" (the last epoch's).
      String last = Double.toString(outcome.epochLoss().get(outcome.epochLoss().size() - 1));
      attributes.put("loss", last);
      attributes.put("loss.first", Double.toString(outcome.epochLoss().get(0)));
      attributes.put("loss.last", last);
    }
    FrameMeta meta = FrameMeta.update(task.round(), task.modelVersion(), attributes);
    byte[] frame = pipeline.encodeFrame(meta, outcome.delta(), ctx);
    if (ef != null) {
      try {
        residuals.save(spec, width, ef);
      } catch (IOException e) {
        // The update is still good; only the next round's compensation is lost.
        throw new RoundRefusal("cannot save the error-feedback residual: " + e.getMessage());
      }
    }
    return new Update(
        task.round(),
        nonce,
        frame,
        outcome.wallTime().toMillis() / 1000.0,
        Math.max(0, task.deadlineMillis()));
  }

  /** Evaluates the task's model on the local test data. */
  EvaluationReport evaluate(TaskMessage task, Duration modelWait) throws RoundRefusal {
    Dataset data = test.orElseThrow(() -> new RoundRefusal("no test data configured (test.*)"));
    ModelSpec spec = ModelSpec.parse(task.spec());
    Ratio width = new Ratio(task.widthPpm());
    Model model = fetcher.fetch(task.modelVersion(), task.variant(), spec, width, modelWait);
    Evaluation e;
    try (Predictor predictor = new Predictor(spec, width, model)) {
      e = predictor.evaluate(data);
    } catch (IllegalArgumentException ex) {
      throw new RoundRefusal("test data does not fit " + spec + ": " + ex.getMessage());
    }
    if (!(e.loss() >= 0 && e.loss() <= 1e6) || e.samples() < 1) {
      throw new RoundRefusal("evaluation gave loss " + e.loss() + " over " + e.samples());
    }
    return new EvaluationReport(
        task.round(), task.modelVersion(), e.loss(), e.accuracy(), e.samples());
  }

  @Override
  public void close() {
    if (trainer != null) {
      trainer.close();
    }
  }

  /** The flat index of the first NaN or infinite value, or -1. */
  private static int firstNonFinite(Model delta) {
    int flat = 0;
    for (Tensor t : delta.tensors()) {
      float[] a = t.array();
      for (int k = 0; k < t.size(); k++) {
        if (!Float.isFinite(a[t.offset() + k])) {
          return flat + k;
        }
      }
      flat += t.size();
    }
    return -1;
  }
}
