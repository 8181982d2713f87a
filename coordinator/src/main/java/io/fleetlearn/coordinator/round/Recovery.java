package io.fleetlearn.coordinator.round;

import io.fleetlearn.aggregation.fedopt.FedOpt;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.coordinator.engine.StoreKeys;
import io.fleetlearn.coordinator.engine.Trainings;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Durability;
import io.fleetlearn.coordinator.store.Entry;
import io.fleetlearn.coordinator.store.Family;
import io.fleetlearn.coordinator.strategy.StrategyFactory;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the driver back where the database says it was. A training being started gets its strategy,
 * its server-optimizer moments and its global model (a fresh one, version numbered across the
 * fleet, when it has none). After a restart, a round that was OPEN resumes: its aggregate is
 * rebuilt by folding the stored frames of exactly its receipts, in their order (none lost, none
 * twice); its model frames are republished (the embedded broker keeps nothing) and its tasks
 * re-sent to the devices with no answer yet; its deadline is re-armed, or it closes at once if the
 * deadline passed. A round caught AGGREGATING finishes: from its stored new version when that was
 * written, otherwise by aggregating again.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  private static final int MAX_UPDATES = 1_000_000;

  private final RoundDriver driver;
  private final Fleet fleet;

  Recovery(RoundDriver driver) {
    this.driver = driver;
    this.fleet = driver.fleet;
  }

  Future<Void> resume() {
    TrainingView t = fleet.trainings().running().orElse(null);
    List<Future<Void>> abandoned = new ArrayList<>();
    RoundView open = null;
    for (RoundView v : List.copyOf(driver.rounds.values())) {
      boolean unfinished = v.state() == RoundState.OPEN || v.state() == RoundState.AGGREGATING;
      if (unfinished && t != null && v.trainingId().equals(t.id()) && open == null) {
        open = v;
      } else if (unfinished) {
        LiveRound r = LiveRound.of(v);
        r.state = RoundState.ABANDONED;
        r.closedMillis = fleet.clock().getAsLong();
        abandoned.add(driver.save(r, new Batch(), Durability.SYNC));
      }
    }
    if (t == null) {
      return Future.all(abandoned).mapEmpty();
    }
    RoundView found = open;
    long t0 = System.nanoTime();
    return Future.all(abandoned)
        .compose(v -> prepare(t))
        .compose(v -> found == null ? Future.succeededFuture() : reopen(t, found))
        .onSuccess(
            v -> {
              if (found != null) {
                LOG.info(
                    "round {} recovered ({}, {} updates) in {} ms",
                    found.round(),
                    found.state(),
                    found.accepted(),
                    Aggregation.since(t0).toMillis());
              }
              if (driver.live == null) {
                driver.scheduleNext();
              }
            });
  }

  /** Loads (or creates) what driving {@code t} needs. */
  Future<Void> prepare(TrainingView t) {
    driver.running = t;
    driver.spec = ModelSpec.parse(t.request().spec());
    if (t.request().asynchronous()) {
      driver.strategy = null;
      driver.fedBuff = StrategyFactory.fedBuff(t.request());
    } else {
      driver.strategy = StrategyFactory.build(t.request());
      driver.fedBuff = null;
    }
    Future<Void> moments =
        driver.strategy instanceof FedOpt f
            ? fleet
                .store()
                .get(Family.META, StoreKeys.moments(t.id()))
                .map(
                    b -> {
                      b.ifPresent(m -> f.restore(fleet.json().read(m, FedOpt.Moments.class)));
                      return null;
                    })
            : Future.succeededFuture();
    return moments.compose(
        v -> {
          if (fleet.models().of(t.id()).isEmpty()) {
            return initialModel(t);
          }
          return useVersion(t.modelVersion());
        });
  }

  private Future<Void> useVersion(long version) {
    return fleet
        .models()
        .global(version)
        .map(
            m -> {
              driver.global = m;
              driver.globalVersion = version;
              return null;
            });
  }

  private Future<Void> initialModel(TrainingView t) {
    Model m = driver.spec.initialize(t.request().seed());
    long version = fleet.models().nextVersion();
    Batch batch = new Batch();
    ModelView view =
        fleet.models().addVersion(batch, t.id(), version, 0, m, fleet.clock().getAsLong());
    return fleet
        .store()
        .write(batch, Durability.SYNC)
        .compose(
            v -> {
              fleet.models().stored(view);
              driver.global = m;
              driver.globalVersion = version;
              return fleet
                  .trainings()
                  .update(
                      t.id(),
                      x -> Trainings.withResult(x, x.round(), version, x.accuracy(), x.loss()));
            })
        .map(
            x -> {
              driver.running = x;
              return null;
            });
  }

  private Future<Void> reopen(TrainingView t, RoundView v) {
    LiveRound r = LiveRound.of(v);
    if (v.state() == RoundState.AGGREGATING
        && v.newModelVersion() != null
        && fleet.models().view(v.newModelVersion()).isPresent()) {
      long version = v.newModelVersion();
      return countFrames(r)
          .compose(x -> useVersion(version))
          .compose(x -> new Aggregation(driver, r).finish(version));
    }
    Future<Void> rebuilt =
        r.type == TaskType.TRAIN
            ? useVersion(r.modelVersion).compose(x -> refold(r))
            : Future.succeededFuture();
    return rebuilt.compose(
        x -> {
          r.state = RoundState.OPEN;
          driver.live = r;
          if (v.state() == RoundState.AGGREGATING) {
            driver.closer.close(r);
            return Future.succeededFuture();
          }
          Map<String, Ratio> widths = new LinkedHashMap<>();
          for (Assignment a : r.assignments.values()) {
            widths.put(a.variant(), new Ratio(a.widthPpm()));
          }
          return driver.opener.publish(r, t, widths);
        });
  }

  private Future<Void> refold(LiveRound r) {
    driver.beginAggregation(r);
    r.clearUpdateCounters();
    byte[] prefix = StoreKeys.ofRound(r.round);
    return fleet
        .store()
        .scan(Family.RECEIPTS, prefix, MAX_UPDATES)
        .compose(
            receipts ->
                fleet
                    .store()
                    .scan(Family.AGGREGATES, prefix, MAX_UPDATES)
                    .compose(
                        frames ->
                            fleet.vertx().executeBlocking(() -> fold(r, receipts, frames), false)));
  }

  private Void fold(LiveRound r, List<Entry> receiptEntries, List<Entry> frameEntries) {
    Map<Long, byte[]> frames = new HashMap<>();
    for (Entry e : frameEntries) {
      frames.put(StoreKeys.sequenceOf(e.key()), e.value());
    }
    List<Receipt> receipts = new ArrayList<>();
    for (Entry e : receiptEntries) {
      receipts.add(fleet.json().read(e.value(), Receipt.class));
    }
    receipts.sort(Comparator.comparingLong(Receipt::sequence));
    for (Receipt rc : receipts) {
      byte[] frame = frames.get(rc.sequence());
      if (frame == null || !driver.intake.refold(r, rc, frame)) {
        // Written in one batch with its receipt, so this is a damaged database, not a crash.
        throw new IllegalStateException(
            "round " + r.round + ": the stored update of " + rc.deviceId() + " cannot be folded");
      }
    }
    r.nextSequence = Math.max(r.nextSequence, frames.size());
    return null;
  }

  private Future<Void> countFrames(LiveRound r) {
    return fleet
        .store()
        .scan(Family.RECEIPTS, StoreKeys.ofRound(r.round), MAX_UPDATES)
        .map(
            receipts -> {
              r.nextSequence = receipts.size();
              return null;
            });
  }
}
