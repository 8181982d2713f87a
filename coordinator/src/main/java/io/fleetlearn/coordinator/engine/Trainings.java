package io.fleetlearn.coordinator.engine;

import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.fleetlearn.coordinator.fleet.FleetException;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingState;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.coordinator.store.AsyncStore;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Durability;
import io.fleetlearn.coordinator.store.Entry;
import io.fleetlearn.coordinator.store.Family;
import io.fleetlearn.coordinator.store.Keys;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The trainings of the fleet, held in memory and written through to the {@code trainings} family
 * (SYNC: a training's state decides what the coordinator does after a restart). Event-loop only.
 */
public final class Trainings {
  /** Trainings kept; creating more is refused, so the store cannot be filled through the API. */
  public static final int MAX_TRAININGS = 10_000;

  private final AsyncStore store;
  private final StoredJson json;
  private final Consumer<FleetEvent> events;
  private final LongSupplier clock;
  private final Map<String, TrainingView> byId = new HashMap<>();

  public Trainings(
      AsyncStore store, StoredJson json, Consumer<FleetEvent> events, LongSupplier clock) {
    this.store = store;
    this.json = json;
    this.events = events;
    this.clock = clock;
  }

  public Future<Void> load() {
    return store
        .scan(Family.TRAININGS, new byte[0], MAX_TRAININGS)
        .map(
            entries -> {
              for (Entry e : entries) {
                TrainingView t = json.read(e.value(), TrainingView.class);
                byId.put(t.id(), t);
              }
              return null;
            });
  }

  public Future<TrainingView> create(TrainingRequest request) {
    if (byId.size() >= MAX_TRAININGS) {
      return Future.failedFuture(
          FleetException.conflict("the fleet holds " + MAX_TRAININGS + " trainings already"));
    }
    long now = clock.getAsLong();
    String id = newId(now);
    TrainingView t =
        new TrainingView(id, request, TrainingState.CREATED, 0, 0, now, now, null, null, null);
    return save(t);
  }

  /** Applies {@code change} to the training and stores the result. */
  public Future<TrainingView> update(String id, UnaryOperator<TrainingView> change) {
    TrainingView t = byId.get(id);
    if (t == null) {
      return Future.failedFuture(FleetException.notFound("training " + id + " does not exist"));
    }
    TrainingView next;
    try {
      next = change.apply(t);
    } catch (FleetException e) {
      return Future.failedFuture(e);
    }
    return save(next);
  }

  /** Replaces the settings of a CREATED training. */
  public Future<TrainingView> configure(String id, TrainingRequest request) {
    return update(
        id,
        t -> {
          if (t.state() != TrainingState.CREATED) {
            throw FleetException.conflict(
                "training " + id + " is " + t.state() + "; only a CREATED one is configured");
          }
          return new TrainingView(
              t.id(),
              request,
              t.state(),
              t.round(),
              t.modelVersion(),
              t.createdMillis(),
              clock.getAsLong(),
              t.accuracy(),
              t.loss(),
              t.failure());
        });
  }

  /**
   * Marks a CREATED or STOPPED training RUNNING (a running one stays as it is); conflict if another
   * training runs, not found if there is no such training.
   */
  public Future<TrainingView> markRunning(String id) {
    if (!byId.containsKey(id)) {
      return Future.failedFuture(FleetException.notFound("training " + id + " does not exist"));
    }
    Optional<TrainingView> other = running();
    if (other.isPresent() && !other.get().id().equals(id)) {
      return Future.failedFuture(
          FleetException.conflict(
              "training " + other.get().id() + " is running; stop it before starting another"));
    }
    return update(
        id,
        t -> {
          if (t.state() == TrainingState.RUNNING) {
            return t;
          }
          if (t.state() != TrainingState.CREATED && t.state() != TrainingState.STOPPED) {
            throw FleetException.conflict(
                "training " + id + " is " + t.state() + "; it cannot be started");
          }
          return withState(t, TrainingState.RUNNING, clock.getAsLong(), null);
        });
  }

  /** The training if it is RUNNING; not found or conflict otherwise. */
  public Future<TrainingView> requireRunning(String id) {
    TrainingView t = byId.get(id);
    if (t == null) {
      return Future.failedFuture(FleetException.notFound("training " + id + " does not exist"));
    }
    if (t.state() != TrainingState.RUNNING) {
      return Future.failedFuture(
          FleetException.conflict(
              "training " + id + " is " + t.state() + "; only a RUNNING one stops"));
    }
    return Future.succeededFuture(t);
  }

  /** Marks a RUNNING training STOPPED. */
  public Future<TrainingView> markStopped(String id) {
    return requireRunning(id)
        .compose(
            x -> update(id, t -> withState(t, TrainingState.STOPPED, clock.getAsLong(), null)));
  }

  public Optional<TrainingView> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Newest first. */
  public List<TrainingView> all() {
    return byId.values().stream()
        .sorted(
            Comparator.comparingLong(TrainingView::createdMillis)
                .reversed()
                .thenComparing(TrainingView::id))
        .toList();
  }

  /** The running training, if any. */
  public Optional<TrainingView> running() {
    return byId.values().stream().filter(t -> t.state() == TrainingState.RUNNING).findFirst();
  }

  private Future<TrainingView> save(TrainingView t) {
    byId.put(t.id(), t);
    return store
        .write(new Batch().put(Family.TRAININGS, Keys.text(t.id()), json.write(t)), Durability.SYNC)
        .map(
            v -> {
              events.accept(new FleetEvent(FleetEvent.Type.TRAINING, clock.getAsLong(), t));
              return t;
            });
  }

  private static String newId(long now) {
    return "t-"
        + Long.toString(now, 36)
        + "-"
        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
  }

  /** A copy of {@code t} with another state and timestamp. */
  public static TrainingView withState(TrainingView t, TrainingState state, long now, String why) {
    return new TrainingView(
        t.id(),
        t.request(),
        state,
        t.round(),
        t.modelVersion(),
        t.createdMillis(),
        now,
        t.accuracy(),
        t.loss(),
        why);
  }

  /** A copy of {@code t} with another round, model version and evaluation result. */
  public static TrainingView withResult(
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
}
