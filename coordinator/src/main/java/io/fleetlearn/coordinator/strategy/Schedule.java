package io.fleetlearn.coordinator.strategy;

import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.protocol.message.TaskType;
import java.util.List;

/**
 * What a running training does next, from its rounds so far: train, evaluate (after every {@code
 * evaluateEvery}-th closed training round and after the last), complete (after {@code rounds}
 * closed training rounds and that evaluation), or fail (more than {@code 3·rounds + 10} rounds
 * abandoned: too few devices answer). A pure function.
 */
public enum Schedule {
  TRAIN,
  EVALUATE,
  COMPLETE,
  FAIL;

  /** The next step after {@code rounds}, the training's rounds oldest first. */
  public static Schedule next(TrainingRequest q, List<RoundView> rounds) {
    long closedTrain =
        rounds.stream()
            .filter(r -> r.type() == TaskType.TRAIN && r.state() == RoundState.CLOSED)
            .count();
    long abandoned = rounds.stream().filter(r -> r.state() == RoundState.ABANDONED).count();
    RoundView last = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
    boolean lastWasTrain = last != null && last.type() == TaskType.TRAIN;
    int every = q.evaluateEvery();
    boolean evalDue =
        every > 0
            && closedTrain > 0
            && lastWasTrain
            && (closedTrain % every == 0 || closedTrain >= q.rounds());
    if (evalDue) {
      return EVALUATE;
    }
    if (closedTrain >= q.rounds()) {
      return COMPLETE;
    }
    if (abandoned > 3L * q.rounds() + 10) {
      return FAIL;
    }
    return TRAIN;
  }
}
