package io.fleetlearn.coordinator.round;

import io.fleetlearn.aggregation.update.Failure;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.coordinator.engine.ModelBook;
import io.fleetlearn.coordinator.engine.StoreKeys;
import io.fleetlearn.coordinator.engine.Trainings;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Durability;
import io.fleetlearn.coordinator.store.Family;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a training round: AGGREGATING (SYNC), the strategy's server step on a worker, the new
 * version's weights and the round's link to it (SYNC), then CLOSED with the aggregation time and
 * the round's stored update frames deleted (SYNC). A crash between the steps is picked up by {@link
 * Recovery}: AGGREGATING with a stored new version only needs the last step.
 */
final class Aggregation {
  private static final Logger LOG = LoggerFactory.getLogger(Aggregation.class);

  private final RoundDriver driver;
  private final Fleet fleet;
  private final LiveRound r;

  Aggregation(RoundDriver driver, LiveRound r) {
    this.driver = driver;
    this.fleet = driver.fleet;
    this.r = r;
  }

  Future<Void> run() {
    r.state = RoundState.AGGREGATING;
    if (r.lastAcceptNanos == 0) {
      r.lastAcceptNanos = System.nanoTime();
    }
    List<Failure> failures = new ArrayList<>();
    for (Assignment a : r.assignments.values()) {
      if (a.outcome() != Assignment.Outcome.ACCEPTED) {
        failures.add(new Failure(a.deviceId(), r.round, a.outcome() + ": " + a.reason()));
      }
    }
    long version = fleet.models().nextVersion();
    return driver
        .save(r, new Batch(), Durability.SYNC)
        .compose(
            v ->
                fleet
                    .vertx()
                    .executeBlocking(
                        () -> {
                          Optional<Model> m = r.aggregation.finish(failures);
                          return new Result(m, m.map(x -> ModelBook.denseFrame(version, x)));
                        },
                        false))
        .compose(result -> store(version, result));
  }

  private record Result(Optional<Model> model, Optional<byte[]> dense) {}

  private Future<Void> store(long version, Result result) {
    Optional<Model> next = result.model();
    if (next.isEmpty()) {
      r.state = RoundState.ABANDONED;
      r.closedMillis = fleet.clock().getAsLong();
      fleet.metrics().roundFinished("train", "abandoned");
      LOG.info("round {} abandoned: nothing to aggregate ({} accepted)", r.round, r.accepted);
      return driver.save(r, deleteFrames(new Batch()), Durability.SYNC);
    }
    Model model = next.get();
    Batch batch = new Batch();
    ModelView view =
        fleet
            .models()
            .addVersion(batch, r.trainingId, version, r.round, model, fleet.clock().getAsLong());
    driver.momentsInto(batch, r.trainingId);
    r.newModelVersion = version;
    return driver
        .save(r, batch, Durability.SYNC)
        .compose(
            v -> {
              fleet.models().stored(view);
              driver.global = model;
              driver.globalVersion = version;
              return finish(version);
            });
  }

  /** The last step, also run by recovery for a round that stored its new version. */
  Future<Void> finish(long version) {
    r.state = RoundState.CLOSED;
    r.closedMillis = fleet.clock().getAsLong();
    if (r.lastAcceptNanos != 0) {
      r.aggregationMillis = Aggregation.since(r.lastAcceptNanos).toNanos() / 1e6;
      fleet.metrics().aggregated(Aggregation.since(r.lastAcceptNanos));
    }
    fleet.metrics().roundFinished("train", "closed");
    LOG.info(
        "round {} closed: {} updates, model version {} in {} ms",
        r.round,
        r.accepted,
        version,
        r.aggregationMillis);
    return driver
        .save(r, deleteFrames(new Batch()), Durability.SYNC)
        .compose(
            v ->
                fleet
                    .trainings()
                    .update(
                        r.trainingId,
                        t -> Trainings.withResult(t, r.round, version, t.accuracy(), t.loss())))
        .mapEmpty();
  }

  /** The stored frames are folded into the new model: they are not needed any more. */
  private Batch deleteFrames(Batch batch) {
    for (long seq = 0; seq < r.nextSequence; seq++) {
      batch.delete(Family.AGGREGATES, StoreKeys.updateFrame(r.round, seq));
    }
    return batch;
  }

  static java.time.Duration since(long nanos) {
    return java.time.Duration.ofNanos(System.nanoTime() - nanos);
  }
}
