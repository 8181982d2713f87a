package io.fleetlearn.coordinator.round;

import io.fleetlearn.coordinator.engine.Trainings;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Durability;
import io.fleetlearn.coordinator.strategy.BufferedRound;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.EvaluationReport;
import io.fleetlearn.protocol.message.TaskType;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a round: answers that arrive in device statuses (evaluation reports, declines), the
 * closing conditions (quorum, every answer, a full FedBuff buffer, the deadline) and the close
 * itself, which aggregates a training round ({@link Aggregation}) or summarizes an evaluation.
 */
final class RoundCloser {
  private static final Logger LOG = LoggerFactory.getLogger(RoundCloser.class);

  private final RoundDriver driver;
  private final Fleet fleet;

  RoundCloser(RoundDriver driver) {
    this.driver = driver;
    this.fleet = driver.fleet;
  }

  /**
   * A status for the open round: a decline, or an evaluation report. A selected device that comes
   * back online idle with no answer yet gets its task again: the broker may have lost it (an
   * embedded broker restarts with the coordinator and keeps no sessions).
   */
  void status(DeviceStatus s, boolean cameOnline) {
    LiveRound r = driver.live;
    if (r == null || r.state != RoundState.OPEN) {
      return;
    }
    Assignment a = r.assignments.get(s.deviceId());
    if (a == null || a.outcome() != Assignment.Outcome.ASSIGNED) {
      return;
    }
    if (cameOnline && s.state() == DeviceState.ONLINE && driver.running != null) {
      driver.opener.sendTask(r, driver.running, a);
    }
    EvaluationReport e = s.evaluation();
    if (r.type == TaskType.EVALUATE && e != null && e.round() == r.round) {
      r.outcome(s.deviceId(), Assignment.Outcome.ACCEPTED, null);
      r.accepted++;
      r.samples += e.samples();
      r.evalLossSum += e.loss() * e.samples();
      r.evalAccuracySum += e.accuracy() * e.samples();
      driver.save(r, new Batch(), Durability.SYNC).onSuccess(v -> maybeClose(r));
    } else if (s.decline() != null
        && s.decline().round() == r.round
        // A re-sent task reaching a device already on it is declined as busy with this round.
        && !s.decline().reason().equals("busy with round " + r.round)) {
      r.outcome(s.deviceId(), Assignment.Outcome.DECLINED, s.decline().reason());
      driver.touch(r);
      maybeClose(r);
    }
  }

  /** Closes the round when the quorum accepted, every device answered or the buffer is full. */
  void maybeClose(LiveRound r) {
    if (r != driver.live || r.state != RoundState.OPEN) {
      return;
    }
    int selected = r.assignments.size();
    double quorum = driver.running == null ? 1 : driver.running.request().quorum();
    boolean bufferFull = r.aggregation instanceof BufferedRound b && b.full();
    if (bufferFull
        || r.accepted >= Math.ceil(quorum * selected - 1e-9)
        || r.answered() >= selected) {
      close(r);
    }
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
    if (r != driver.live || r.state != RoundState.OPEN) {
      return;
    }
    cancelTimer(r);
    finishAssignments(r);
    if (r.type == TaskType.TRAIN) {
      r.state = RoundState.AGGREGATING; // No update is admitted from here on.
    }
    // Receipts still in a group commit are written before the round's state is.
    Future<Void> done =
        r.type == TaskType.TRAIN
            ? fleet.receipts().idle().compose(v -> new Aggregation(driver, r).run())
            : closeEvaluation(r);
    done.onComplete(
        ar -> {
          if (ar.failed()) {
            LOG.error("round {} could not close", r.round, ar.cause());
          }
          if (driver.live == r) {
            driver.live = null;
          }
          driver.scheduleNext();
        });
  }

  private Future<Void> closeEvaluation(LiveRound r) {
    r.closedMillis = fleet.clock().getAsLong();
    r.state = r.samples > 0 ? RoundState.CLOSED : RoundState.ABANDONED;
    fleet
        .metrics()
        .roundFinished("evaluate", r.state == RoundState.CLOSED ? "closed" : "abandoned");
    RoundView v = r.view();
    if (r.state != RoundState.CLOSED) {
      return driver.save(r, new Batch(), Durability.SYNC);
    }
    return driver
        .save(r, new Batch(), Durability.SYNC)
        .compose(
            x ->
                fleet
                    .trainings()
                    .update(
                        r.trainingId,
                        t ->
                            Trainings.withResult(
                                t, t.round(), t.modelVersion(), v.evalAccuracy(), v.evalLoss()))
                    .mapEmpty());
  }

  static void finishAssignments(LiveRound r) {
    for (Assignment a : List.copyOf(r.assignments.values())) {
      if (a.outcome() == Assignment.Outcome.ASSIGNED) {
        r.outcome(a.deviceId(), Assignment.Outcome.MISSED, "no answer before the round closed");
      }
    }
  }

  void cancelTimer(LiveRound r) {
    if (r.timer >= 0) {
      fleet.vertx().cancelTimer(r.timer);
      r.timer = -1;
    }
  }
}
