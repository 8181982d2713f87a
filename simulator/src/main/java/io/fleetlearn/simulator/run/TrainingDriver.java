package io.fleetlearn.simulator.run;

import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.device.train.Evaluation;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.simulator.control.FleetControl;
import io.fleetlearn.simulator.control.FleetControlException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulation's conversation with the coordinator, the same for one in this JVM and one behind
 * its REST API: wait for the fleet, create and start the training, follow its rounds and evaluate
 * every new global model; or, for a shard that does not lead, find the training and wait for its
 * end.
 */
final class TrainingDriver {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingDriver.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration SLOW_POLL = Duration.ofSeconds(1);
  private static final int MISSING_SHOWN = 10;

  private final FleetControl control;
  private final ProgressListener progress;
  private final int totalRounds;
  private final IntSupplier dropouts;

  /**
   * @param dropouts the emulated dropouts of this process's devices so far
   */
  TrainingDriver(
      FleetControl control, ProgressListener progress, int totalRounds, IntSupplier dropouts) {
    this.control = control;
    this.progress = progress;
    this.totalRounds = totalRounds;
    this.dropouts = dropouts;
  }

  /** Waits until every device in {@code ids} is online at the coordinator. */
  void awaitOnline(Collection<String> ids, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> missing = new TreeSet<>(ids);
    while (true) {
      missing.removeAll(control.onlineDevices());
      if (missing.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(POLL.toMillis());
    }
    List<String> shown = missing.stream().limit(MISSING_SHOWN).toList();
    throw new FleetControlException(
        "only "
            + (ids.size() - missing.size())
            + " of "
            + ids.size()
            + " devices came online at "
            + control.location()
            + " within "
            + timeout.toSeconds()
            + " s; missing: "
            + String.join(", ", shown)
            + (missing.size() > shown.size() ? ", ..." : "")
            + " (with shards, every shard must run and reach the broker)");
  }

  /**
   * Creates and starts the training, evaluates the initial model and the model of every training
   * round as it closes into {@code records}, and returns the state the training ended in.
   */
  String lead(TrainingRequest request, GlobalEvaluator evaluator, List<RoundRecord> records)
      throws InterruptedException {
    TrainingView t = control.createTraining(request);
    // When the state changed to running, on the coordinator's clock (which the rounds' times use
    // too, wherever the coordinator runs).
    long startedMillis = control.startTraining(t.id()).updatedMillis();
    // The initial model exists once the training started (before its first round closes).
    records.add(initial(t.id(), evaluator));
    progress.round(records.get(0), totalRounds);
    long next = 1;
    int dropoutsBefore = dropouts.getAsInt();
    while (true) {
      TrainingView now = control.training(t.id());
      // Rounds up to now.round() were opened before the state was read: after a final state,
      // this pass picks up every round that closed before it.
      for (; next <= now.round(); next++) {
        Optional<RoundView> r = control.round(t.id(), next);
        if (r.isEmpty() || !finished(r.get())) {
          break;
        }
        if (r.get().type() == TaskType.TRAIN) {
          int d = dropouts.getAsInt();
          RoundRecord rec = record(t.id(), r.get(), evaluator, d - dropoutsBefore, startedMillis);
          dropoutsBefore = d;
          records.add(rec);
          progress.round(rec, totalRounds);
        }
      }
      if (ended(now.state())) {
        return now.state().name();
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * Finds the running training named {@code name} (the newest, if several) and waits until it has
   * ended; returns its final state.
   */
  String join(String name, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<TrainingView> found = Optional.empty();
    while (found.isEmpty()) {
      // Only a running one: a finished training of the same name is an earlier run's.
      found =
          control.trainings().stream()
              .filter(t -> name.equals(t.request().name()) && t.state() == TrainingState.RUNNING)
              .findFirst();
      if (found.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new FleetControlException(
              "no running training named '"
                  + name
                  + "' appeared at "
                  + control.location()
                  + " within "
                  + timeout.toSeconds()
                  + " s; shard 0 starts it once the whole fleet is online (check that shard 0"
                  + " runs, with the same --training-name)");
        }
        Thread.sleep(SLOW_POLL.toMillis());
      }
    }
    String id = found.get().id();
    LOG.info("following training {} ('{}')", id, name);
    progress.joined(id, name);
    while (true) {
      TrainingState state = control.training(id).state();
      if (ended(state)) {
        return state.name();
      }
      Thread.sleep(SLOW_POLL.toMillis());
    }
  }

  private static boolean ended(TrainingState state) {
    return state != TrainingState.RUNNING && state != TrainingState.CREATED;
  }

  private static boolean finished(RoundView r) {
    return r.state() == RoundState.CLOSED || r.state() == RoundState.ABANDONED;
  }

  private RoundRecord initial(String id, GlobalEvaluator evaluator) {
    List<ModelView> models = control.models(id);
    if (models.isEmpty()) {
      throw new FleetControlException("the training started without an initial model");
    }
    Evaluation e = evaluator.evaluate(control.globalModel(id, models.get(0).version()));
    return new RoundRecord(
        0,
        "INITIAL",
        e.accuracy(),
        e.loss(),
        Double.NaN,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        Map.of(),
        0,
        0);
  }

  private RoundRecord record(
      String id, RoundView r, GlobalEvaluator evaluator, int dropouts, long startedMillis) {
    long version = r.newModelVersion() != null ? r.newModelVersion() : r.modelVersion();
    Evaluation e = evaluator.evaluate(control.globalModel(id, version));
    return RoundRecords.of(r, e, dropouts, startedMillis);
  }
}
