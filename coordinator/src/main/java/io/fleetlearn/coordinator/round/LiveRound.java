package io.fleetlearn.coordinator.round;

import io.fleetlearn.aggregation.strategy.RoundAggregation;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.protocol.message.TaskType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The open round, mutable, on the event loop: its persisted part ({@link #view}) and what is
 * rebuilt after a restart (the running aggregation, the accepted nonces, the deadline timer).
 */
final class LiveRound {
  final String trainingId;
  final long round;
  final TaskType type;
  final long modelVersion;
  final long openedMillis;
  final long deadlineMillis;
  RoundState state;
  Long newModelVersion;
  Long closedMillis;
  final Map<String, Assignment> assignments = new LinkedHashMap<>();
  int accepted;
  final Map<String, Integer> rejections = new TreeMap<>();
  long bytesDown;
  long denseBytesDown;
  long bytesUp;
  long denseBytesUp;
  Double aggregationMillis;
  double lossSum;
  double lossWeight;
  double evalLossSum;
  double evalAccuracySum;
  long samples;

  // Not persisted: rebuilt from the receipts and stored frames on recovery.
  Model global;
  RoundAggregation aggregation;
  final Map<String, Long> nonces = new HashMap<>();
  final Map<String, io.vertx.core.Future<Void>> tails = new HashMap<>();
  final Map<String, Integer> queued = new HashMap<>();
  final Set<String> logged = new HashSet<>();
  long nextSequence;
  long timer = -1;
  long lastAcceptNanos;
  boolean dirty;

  LiveRound(
      String trainingId,
      long round,
      TaskType type,
      long modelVersion,
      long openedMillis,
      long deadlineMillis) {
    this.trainingId = trainingId;
    this.round = round;
    this.type = type;
    this.modelVersion = modelVersion;
    this.openedMillis = openedMillis;
    this.deadlineMillis = deadlineMillis;
    this.state = RoundState.OPEN;
  }

  /** Forgets the counters that the receipts rebuild (recovery folds them in again). */
  void clearUpdateCounters() {
    accepted = 0;
    bytesUp = 0;
    denseBytesUp = 0;
    samples = 0;
    lossSum = 0;
    lossWeight = 0;
    for (Assignment a : List.copyOf(assignments.values())) {
      if (a.outcome() == Assignment.Outcome.ACCEPTED) {
        outcome(a.deviceId(), Assignment.Outcome.ASSIGNED, null);
      }
    }
  }

  /** The round as stored: the counters are restored, the aggregation is not. */
  static LiveRound of(RoundView v) {
    LiveRound r =
        new LiveRound(
            v.trainingId(),
            v.round(),
            v.type(),
            v.modelVersion(),
            v.openedMillis(),
            v.deadlineMillis());
    r.state = v.state();
    r.newModelVersion = v.newModelVersion();
    r.closedMillis = v.closedMillis();
    v.assignments().forEach(a -> r.assignments.put(a.deviceId(), a));
    r.accepted = v.accepted();
    r.rejections.putAll(v.rejections());
    r.bytesDown = v.bytesDown();
    r.denseBytesDown = v.denseBytesDown();
    r.bytesUp = v.bytesUp();
    r.denseBytesUp = v.denseBytesUp();
    r.aggregationMillis = v.aggregationMillis();
    if (v.trainLoss() != null) {
      r.lossSum = v.trainLoss() * v.samples();
      r.lossWeight = v.samples();
    }
    if (v.evalLoss() != null) {
      r.evalLossSum = v.evalLoss() * v.samples();
      r.evalAccuracySum = v.evalAccuracy() * v.samples();
    }
    r.samples = v.samples();
    return r;
  }

  RoundView view() {
    boolean eval = type == TaskType.EVALUATE;
    return new RoundView(
        trainingId,
        round,
        type,
        state,
        modelVersion,
        newModelVersion,
        openedMillis,
        deadlineMillis,
        closedMillis,
        List.copyOf(assignments.values()),
        accepted,
        rejections,
        bytesDown,
        denseBytesDown,
        bytesUp,
        denseBytesUp,
        aggregationMillis,
        lossWeight > 0 ? lossSum / lossWeight : null,
        eval && samples > 0 ? evalLossSum / samples : null,
        eval && samples > 0 ? evalAccuracySum / samples : null,
        samples);
  }

  /** {@code train} or {@code evaluate}, as metrics tag rounds. */
  String typeName() {
    return type == TaskType.TRAIN ? "train" : "evaluate";
  }

  void reject(String reason) {
    rejections.merge(reason, 1, Integer::sum);
  }

  void outcome(String deviceId, Assignment.Outcome outcome, String reason) {
    Assignment a = assignments.get(deviceId);
    if (a != null) {
      assignments.put(
          deviceId,
          new Assignment(
              a.deviceId(), a.variant(), a.widthPpm(), a.downloadPipeline(), outcome, reason));
    }
  }

  /** Devices that have answered: accepted, declined or rejected. */
  int answered() {
    int n = 0;
    for (Assignment a : assignments.values()) {
      if (a.outcome() != Assignment.Outcome.ASSIGNED) {
        n++;
      }
    }
    return n;
  }
}
