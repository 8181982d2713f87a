package io.fleetlearn.coordinator.round;

import io.fleetlearn.aggregation.fedopt.FedOpt;
import io.fleetlearn.aggregation.strategy.Strategy;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.coordinator.engine.StoreKeys;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Durability;
import io.fleetlearn.coordinator.store.Entry;
import io.fleetlearn.coordinator.store.Family;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.EvaluationReport;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round state machine of the running training, on the event loop. A round goes OPEN (tasks and
 * models published, updates folded as they arrive) → AGGREGATING (quorum, all answers, or the
 * deadline) → CLOSED (new model stored) or ABANDONED (nothing to aggregate, or the training
 * stopped); each change is written with SYNC before the next step. Rounds and model versions are
 * numbered across the fleet.
 */
public final class RoundDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RoundDriver.class);
  private static final long WAIT_FOR_DEVICES_MILLIS = 1000;
  private static final int MAX_ROUNDS = 1_000_000;

  final Fleet fleet;
  final TreeMap<Long, RoundView> rounds = new TreeMap<>();
  final RoundOpener opener;
  final UpdateIntake intake;
  final Recovery recovery;
  LiveRound live;
  TrainingView running;
  ModelSpec spec;
  Strategy strategy;
  Model global;
  long globalVersion = -1;
  private long waitTimer = -1;
  private boolean busy;

  public RoundDriver(Fleet fleet) {
    this.fleet = fleet;
    this.opener = new RoundOpener(this);
    this.intake = new UpdateIntake(this);
    this.recovery = new Recovery(this);
  }

  /** Reloads the rounds; call {@link #resume} once the registry and MQTT are up. */
  public Future<Void> load() {
    return fleet
        .store()
        .scan(Family.ROUNDS, StoreKeys.rounds(), MAX_ROUNDS)
        .map(
            entries -> {
              for (Entry e : entries) {
                RoundView v = fleet.json().read(e.value(), RoundView.class);
                rounds.put(v.round(), v);
              }
              return null;
            });
  }

  /** Resumes the running training: its open round if there is one, else the next round. */
  public Future<Void> resume() {
    return recovery.resume();
  }

  public UpdateIntake intake() {
    return intake;
  }

  public List<RoundView> rounds(String trainingId) {
    List<RoundView> out = new ArrayList<>();
    for (RoundView v : rounds.values()) {
      if (v.trainingId().equals(trainingId)) {
        out.add(v);
      }
    }
    return out;
  }

  public Optional<RoundView> round(String trainingId, long round) {
    return Optional.ofNullable(rounds.get(round)).filter(v -> v.trainingId().equals(trainingId));
  }

  long nextRound() {
    return rounds.isEmpty() ? 1 : rounds.lastKey() + 1;
  }

  /** Starts driving a training that was just set RUNNING. */
  public Future<Void> start(TrainingView t) {
    return recovery.prepare(t).onSuccess(v -> scheduleNext());
  }

  /** Abandons the open round of the training (if any) and stops driving it. */
  public Future<Void> stop(String trainingId) {
    cancelWait();
    if (running == null || !running.id().equals(trainingId)) {
      return Future.succeededFuture();
    }
    running = null;
    LiveRound r = live;
    if (r == null || r.state != RoundState.OPEN) {
      return Future.succeededFuture();
    }
    live = null;
    cancelTimer(r);
    finishAssignments(r);
    r.state = RoundState.ABANDONED;
    r.closedMillis = fleet.clock().getAsLong();
    fleet.metrics().roundFinished(typeName(r), "abandoned");
    return save(r, new Batch(), Durability.SYNC);
  }

  /** Cancels timers; the database and MQTT are closed by the verticle. */
  public void close() {
    cancelWait();
    if (live != null) {
      cancelTimer(live);
    }
    running = null;
  }

  void scheduleNext() {
    fleet.vertx().runOnContext(v -> next());
  }

  private void next() {
    if (busy || live != null || running == null) {
      return;
    }
    TrainingView t = fleet.trainings().get(running.id()).orElse(null);
    if (t == null || t.state() != TrainingState.RUNNING) {
      return;
    }
    running = t;
    List<RoundView> mine = rounds(t.id());
    long closedTrain =
        mine.stream()
            .filter(r -> r.type() == TaskType.TRAIN && r.state() == RoundState.CLOSED)
            .count();
    long abandoned = mine.stream().filter(r -> r.state() == RoundState.ABANDONED).count();
    RoundView last = mine.isEmpty() ? null : mine.get(mine.size() - 1);
    boolean lastWasTrain = last != null && last.type() == TaskType.TRAIN;
    int every = t.request().evaluateEvery();
    boolean evalDue =
        every > 0
            && closedTrain > 0
            && lastWasTrain
            && (closedTrain % every == 0 || closedTrain >= t.request().rounds());
    if (!evalDue && closedTrain >= t.request().rounds()) {
      complete(t, TrainingState.COMPLETED, null);
      return;
    }
    if (abandoned > 3L * t.request().rounds() + 10) {
      complete(t, TrainingState.FAILED, abandoned + " rounds abandoned; too few devices answer");
      return;
    }
    busy = true;
    opener
        .open(t, evalDue ? TaskType.EVALUATE : TaskType.TRAIN)
        .onComplete(
            ar -> {
              busy = false;
              if (ar.failed()) {
                LOG.error("round of training {} could not open", t.id(), ar.cause());
                complete(t, TrainingState.FAILED, "a round could not open: " + ar.cause());
              } else if (!ar.result()) {
                waitTimer = fleet.vertx().setTimer(WAIT_FOR_DEVICES_MILLIS, id -> next());
              }
            });
  }

  private void complete(TrainingView t, TrainingState state, String why) {
    running = null;
    fleet
        .trainings()
        .update(t.id(), x -> withState(x, state, why))
        .onSuccess(x -> LOG.info("training {} is {}", t.id(), state))
        .onFailure(e -> LOG.error("cannot store the end of training {}", t.id(), e));
  }

  /** Takes in a status for the open round: a decline, or an evaluation report. */
  public void onStatus(DeviceStatus s) {
    LiveRound r = live;
    if (r == null || r.state != RoundState.OPEN) {
      return;
    }
    Assignment a = r.assignments.get(s.deviceId());
    if (a == null || a.outcome() != Assignment.Outcome.ASSIGNED) {
      return;
    }
    EvaluationReport e = s.evaluation();
    if (r.type == TaskType.EVALUATE && e != null && e.round() == r.round) {
      r.outcome(s.deviceId(), Assignment.Outcome.ACCEPTED, null);
      r.accepted++;
      r.samples += e.samples();
      r.evalLossSum += e.loss() * e.samples();
      r.evalAccuracySum += e.accuracy() * e.samples();
      save(r, new Batch(), Durability.SYNC).onSuccess(v -> maybeClose(r));
    } else if (s.decline() != null && s.decline().round() == r.round) {
      r.outcome(s.deviceId(), Assignment.Outcome.DECLINED, s.decline().reason());
      save(r, new Batch(), Durability.RELAXED).onSuccess(v -> maybeClose(r));
    }
  }

  /** Closes the round when the quorum accepted or every device answered. */
  void maybeClose(LiveRound r) {
    if (r != live || r.state != RoundState.OPEN) {
      return;
    }
    int selected = r.assignments.size();
    double quorum = running == null ? 1 : running.request().quorum();
    if (r.accepted >= Math.ceil(quorum * selected - 1e-9) || r.answered() >= selected) {
      close(r);
    }
  }

  /** Opens the strategy's aggregation of a training round on the current global model. */
  void beginAggregation(LiveRound r) {
    r.global = global;
    r.aggregation =
        strategy instanceof io.fleetlearn.aggregation.strategy.FedAvg f
            ? f.beginTrain(r.round, global, spec.chain(), r.assignments.size())
            : strategy.beginTrain(r.round, global, spec.chain());
  }

  void armDeadline(LiveRound r) {
    long left = r.deadlineMillis - fleet.clock().getAsLong();
    if (left <= 0) {
      fleet.vertx().runOnContext(v -> close(r));
    } else {
      r.timer = fleet.vertx().setTimer(left, id -> close(r));
    }
  }

  /** Quorum, answers or deadline: aggregates (train) or summarizes (evaluate), then goes on. */
  void close(LiveRound r) {
    if (r != live || r.state != RoundState.OPEN) {
      return;
    }
    cancelTimer(r);
    finishAssignments(r);
    Future<Void> done =
        r.type == TaskType.TRAIN ? new Aggregation(this, r).run() : closeEvaluation(r);
    done.onComplete(
        ar -> {
          if (ar.failed()) {
            LOG.error("round {} could not close", r.round, ar.cause());
          }
          if (live == r) {
            live = null;
          }
          scheduleNext();
        });
  }

  private Future<Void> closeEvaluation(LiveRound r) {
    r.closedMillis = fleet.clock().getAsLong();
    r.state = r.samples > 0 ? RoundState.CLOSED : RoundState.ABANDONED;
    fleet
        .metrics()
        .roundFinished("evaluate", r.state == RoundState.CLOSED ? "closed" : "abandoned");
    RoundView v = r.view();
    return save(r, new Batch(), Durability.SYNC)
        .compose(
            x ->
                r.state != RoundState.CLOSED
                    ? Future.succeededFuture()
                    : fleet
                        .trainings()
                        .update(
                            r.trainingId,
                            t ->
                                withResult(
                                    t, t.round(), t.modelVersion(), v.evalAccuracy(), v.evalLoss()))
                        .mapEmpty());
  }

  /** Writes the round's view (with whatever else is in {@code batch}) and publishes the event. */
  Future<Void> save(LiveRound r, Batch batch, Durability durability) {
    RoundView v = r.view();
    rounds.put(v.round(), v);
    batch.put(Family.ROUNDS, StoreKeys.round(v.round()), fleet.json().write(v));
    return fleet
        .store()
        .write(batch, durability)
        .onSuccess(
            x ->
                fleet
                    .events()
                    .accept(new FleetEvent(FleetEvent.Type.ROUND, fleet.clock().getAsLong(), v)));
  }

  /** Stores the FedOpt moments of the strategy, if it has any, in {@code batch}. */
  void momentsInto(Batch batch, String trainingId) {
    if (strategy instanceof FedOpt f) {
      f.moments()
          .ifPresent(
              m -> batch.put(Family.META, StoreKeys.moments(trainingId), fleet.json().write(m)));
    }
  }

  private static void finishAssignments(LiveRound r) {
    for (Assignment a : List.copyOf(r.assignments.values())) {
      if (a.outcome() == Assignment.Outcome.ASSIGNED) {
        r.outcome(a.deviceId(), Assignment.Outcome.MISSED, "no answer before the round closed");
      }
    }
  }

  private void cancelTimer(LiveRound r) {
    if (r.timer >= 0) {
      fleet.vertx().cancelTimer(r.timer);
      r.timer = -1;
    }
  }

  private void cancelWait() {
    if (waitTimer >= 0) {
      fleet.vertx().cancelTimer(waitTimer);
      waitTimer = -1;
    }
  }

  static String typeName(LiveRound r) {
    return r.type == TaskType.TRAIN ? "train" : "evaluate";
  }

  static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  static TrainingView withState(TrainingView t, TrainingState s, String why) {
    return new TrainingView(
        t.id(),
        t.request(),
        s,
        t.round(),
        t.modelVersion(),
        t.createdMillis(),
        System.currentTimeMillis(),
        t.accuracy(),
        t.loss(),
        why);
  }

  static TrainingView withResult(
      TrainingView t, long round, long version, Double accuracy, Double loss) {
    return new TrainingView(
        t.id(),
        t.request(),
        t.state(),
        round,
        version,
        t.createdMillis(),
        System.currentTimeMillis(),
        accuracy,
        loss,
        t.failure());
  }

  /** The views of the versions this training published, for clearing old retained frames. */
  List<ModelView> publishedBefore(long version) {
    List<ModelView> out = new ArrayList<>();
    for (ModelView m : fleet.models().all()) {
      if (m.version() < version && !m.variants().isEmpty()) {
        out.add(m);
      }
    }
    return out;
  }
}
