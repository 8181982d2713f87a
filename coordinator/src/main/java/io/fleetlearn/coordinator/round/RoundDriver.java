package io.fleetlearn.coordinator.round;

import io.fleetlearn.aggregation.fedopt.FedOpt;
import io.fleetlearn.aggregation.strategy.Strategy;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.coordinator.engine.StoreKeys;
import io.fleetlearn.coordinator.engine.Trainings;
import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Durability;
import io.fleetlearn.coordinator.store.Entry;
import io.fleetlearn.coordinator.store.Family;
import io.fleetlearn.coordinator.strategy.Aggregators;
import io.fleetlearn.coordinator.strategy.Schedule;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.vertx.core.Future;
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
  private static final long COALESCE_MILLIS = 200;

  final Fleet fleet;
  final TreeMap<Long, RoundView> rounds = new TreeMap<>();
  final RoundOpener opener;
  final RoundCloser closer;
  final UpdateIntake intake;
  final Recovery recovery;
  LiveRound live;
  TrainingView running;
  ModelSpec spec;
  Strategy strategy;
  io.fleetlearn.aggregation.async.FedBuffConfig fedBuff;
  Model global;
  long globalVersion = -1;
  private long waitTimer = -1;
  private boolean busy;

  public RoundDriver(Fleet fleet) {
    this.fleet = fleet;
    this.opener = new RoundOpener(this);
    this.closer = new RoundCloser(this);
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
    closer.cancelTimer(r);
    RoundCloser.finishAssignments(r);
    r.state = RoundState.ABANDONED;
    r.closedMillis = fleet.clock().getAsLong();
    fleet.metrics().roundFinished(r.typeName(), "abandoned");
    return save(r, new Batch(), Durability.SYNC);
  }

  /** Cancels timers; the database and MQTT are closed by the verticle. */
  public void close() {
    cancelWait();
    if (live != null) {
      closer.cancelTimer(live);
    }
    running = null;
  }

  /**
   * Takes in a status for the open round (see {@link RoundCloser#status}).
   *
   * @param cameOnline whether the device was offline or unknown before this status
   */
  public void onStatus(DeviceStatus s, boolean cameOnline) {
    closer.status(s, cameOnline);
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
    Schedule step = Schedule.next(t.request(), rounds(t.id()));
    if (step == Schedule.COMPLETE) {
      complete(t, TrainingState.COMPLETED, null);
      return;
    }
    if (step == Schedule.FAIL) {
      complete(t, TrainingState.FAILED, "too many rounds abandoned; too few devices answer");
      return;
    }
    busy = true;
    opener
        .open(t, step == Schedule.EVALUATE ? TaskType.EVALUATE : TaskType.TRAIN)
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
        .update(t.id(), x -> Trainings.withState(x, state, System.currentTimeMillis(), why))
        .onSuccess(x -> LOG.info("training {} is {}", t.id(), state))
        .onFailure(e -> LOG.error("cannot store the end of training {}", t.id(), e));
  }

  /** Opens the strategy's aggregation of a training round on the current global model. */
  void beginAggregation(LiveRound r) {
    r.global = global;
    r.aggregation =
        Aggregators.begin(
            strategy, fedBuff, r.round, globalVersion, global, spec.chain(), r.assignments.size());
  }

  /**
   * Marks the round's counters changed: its view is written (RELAXED) and announced within {@link
   * #COALESCE_MILLIS}, once for any number of changes, so that a round of thousands of updates does
   * not rewrite its view for each. What must survive a crash is in the receipts.
   */
  void touch(LiveRound r) {
    if (r.dirty) {
      return;
    }
    r.dirty = true;
    fleet
        .vertx()
        .setTimer(
            COALESCE_MILLIS,
            id -> {
              if (r.dirty) {
                save(r, new Batch(), Durability.RELAXED);
              }
            });
  }

  /** Writes the round's view (with whatever else is in {@code batch}) and publishes the event. */
  Future<Void> save(LiveRound r, Batch batch, Durability durability) {
    r.dirty = false;
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

  private void cancelWait() {
    if (waitTimer >= 0) {
      fleet.vertx().cancelTimer(waitTimer);
      waitTimer = -1;
    }
  }
}
