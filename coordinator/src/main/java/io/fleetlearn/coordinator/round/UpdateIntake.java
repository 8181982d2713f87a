package io.fleetlearn.coordinator.round;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.coordinator.engine.StoreKeys;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.fleetlearn.coordinator.fleet.RoundState;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.ingest.Rejection;
import io.fleetlearn.coordinator.ingest.UpdateBody;
import io.fleetlearn.coordinator.ingest.UpdateHeader;
import io.fleetlearn.coordinator.mqtt.InboundMessage;
import io.fleetlearn.coordinator.sizing.DeviceCapacity;
import io.fleetlearn.coordinator.sizing.Sizing;
import io.fleetlearn.coordinator.sizing.SizingPolicy;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Durability;
import io.fleetlearn.coordinator.store.Family;
import io.fleetlearn.protocol.message.TaskType;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in updates from {@code device/+/update}: cheap header checks on the event loop, decode and
 * value checks on a worker, then the fold and one SYNC batch (receipt + frame + round counters).
 * Every refusal is counted by reason (metrics and the open round) and logged once per device,
 * reason and round; none stops the round.
 */
public final class UpdateIntake {
  private static final Logger LOG = LoggerFactory.getLogger(UpdateIntake.class);
  private static final int MAX_LOGGED = 10_000;
  private static final int MAX_QUEUED = 8;

  private final RoundDriver driver;
  private final Fleet fleet;
  private final Set<String> loggedOutsideRounds = new HashSet<>();

  UpdateIntake(RoundDriver driver) {
    this.driver = driver;
    this.fleet = driver.fleet;
  }

  /** The decode limits for updates of the running model: its full size plus headroom. */
  DecodeLimits limits() {
    long params = driver.spec == null ? 1 : driver.spec.parameterCount(Ratio.of(1.0));
    long maxBytes = Math.min(Integer.MAX_VALUE - 8L, params * 4 + params / 4 + (64 << 10));
    return DecodeLimits.defaults()
        .withMaxFrameBytes((int) maxBytes)
        .withMaxElements(Math.max(1, params));
  }

  /** Handles one message from {@code device/+/update}. */
  public void handle(InboundMessage m) {
    int bytes = m.payload().length;
    fleet.metrics().updateReceived(bytes);
    Optional<String> topicDevice = fleet.topics().deviceOf(m.topic(), "update");
    if (topicDevice.isEmpty()) {
      return;
    }
    String device = topicDevice.get();
    LiveRound r = driver.live;
    UpdateHeader h;
    try {
      h = UpdateHeader.read(m.payload(), device, limits());
    } catch (Rejection e) {
      reject(r, device, e, bytes);
      return;
    }
    if (r == null) {
      reject(null, device, refusal(null, h), bytes);
      return;
    }
    // One device's updates are checked one after the other, each against the state its
    // predecessor left (a retry after a refusal is fine, a second accepted update is not).
    int waiting = r.queued.merge(device, 1, Integer::sum);
    if (waiting > MAX_QUEUED) {
      r.queued.merge(device, -1, Integer::sum);
      reject(
          r,
          device,
          new Rejection(
              Rejection.DUPLICATE,
              "update from "
                  + device
                  + ": "
                  + MAX_QUEUED
                  + " of its updates wait already; refused"),
          bytes);
      return;
    }
    Future<Void> previous = r.tails.getOrDefault(device, Future.succeededFuture());
    Future<Void> next =
        previous.transform(
            x -> {
              r.queued.merge(device, -1, Integer::sum);
              return process(r, h, m.payload());
            });
    r.tails.put(device, next);
    next.onComplete(
        x -> {
          if (r.tails.get(device) == next) {
            r.tails.remove(device);
          }
        });
  }

  private Future<Void> process(LiveRound r, UpdateHeader h, byte[] payload) {
    String device = h.deviceId();
    Assignment a;
    try {
      a = admit(r, h);
    } catch (Rejection e) {
      reject(r, device, e, h.bytes());
      return Future.succeededFuture();
    }
    if (a == null) {
      return Future.succeededFuture(); // A replay of an accepted update: nothing changes.
    }
    List<TensorInfo> layout = driver.spec.tensors(new Ratio(a.widthPpm()));
    double bound = driver.running.request().normBound();
    DecodeLimits limits = limits();
    return fleet
        .vertx()
        .executeBlocking(() -> UpdateBody.check(payload, device, limits, layout, bound), false)
        .transform(
            ar -> {
              if (driver.live != r || r.state != RoundState.OPEN) {
                reject(
                    r,
                    device,
                    new Rejection(
                        Rejection.LATE,
                        "update from " + device + " arrived as round " + r.round + " closed"),
                    h.bytes());
                return Future.succeededFuture();
              }
              if (ar.failed()) {
                reject(r, device, asRejection(device, ar.cause()), h.bytes());
                return Future.succeededFuture();
              }
              return fold(r, h, a, ar.result(), payload);
            });
  }

  private Rejection refusal(LiveRound r, UpdateHeader h) {
    RoundView past = driver.rounds.get(h.round());
    boolean late = past != null || (r != null && h.round() < r.round);
    return new Rejection(
        late ? Rejection.LATE : Rejection.ROUND,
        "update from "
            + h.deviceId()
            + " is for round "
            + h.round()
            + (r == null ? ", no round is open" : ", round " + r.round + " is open")
            + "; update refused");
  }

  /** The device's assignment, null for an idempotent replay; throws the refusal otherwise. */
  private Assignment admit(LiveRound r, UpdateHeader h) {
    String who = "update from " + h.deviceId();
    if (h.round() != r.round) {
      throw refusal(r, h);
    }
    if (r.type != TaskType.TRAIN) {
      throw new Rejection(Rejection.ROUND, who + ": round " + r.round + " is an evaluation round");
    }
    if (r.state != RoundState.OPEN) {
      throw new Rejection(Rejection.LATE, who + " arrived after round " + r.round + " closed");
    }
    Assignment a = r.assignments.get(h.deviceId());
    if (a == null) {
      throw new Rejection(
          Rejection.UNASSIGNED, who + ": the device was not selected in round " + r.round);
    }
    Long nonce = r.nonces.get(h.deviceId());
    if (nonce != null) {
      if (nonce == h.nonce()) {
        LOG.debug("{} is a replay of nonce {}; already folded", who, Long.toHexString(h.nonce()));
        return null;
      }
      throw new Rejection(
          Rejection.DUPLICATE, who + " is a second update in round " + r.round + "; refused");
    }
    if (h.modelVersion() != r.modelVersion) {
      throw new Rejection(
          Rejection.ROUND,
          who
              + " was trained on version "
              + h.modelVersion()
              + ", the round's is "
              + r.modelVersion);
    }
    int cap = driver.running.request().maxSamplesPerUpdate();
    if (h.samples() <= 0 || h.samples() > cap) {
      throw new Rejection(
          Rejection.SAMPLES, who + " claims " + h.samples() + " samples, allowed 1 to " + cap);
    }
    if (h.widthPpm() != a.widthPpm()) {
      throw new Rejection(
          Rejection.SHAPE,
          who + " is of width " + h.widthPpm() + " ppm, the device was given " + a.widthPpm());
    }
    return a;
  }

  private Future<Void> fold(
      LiveRound r, UpdateHeader h, Assignment a, UpdateData data, byte[] frame) {
    Map<String, Double> metrics = h.loss() == null ? Map.of() : Map.of("loss", h.loss());
    Verdict v =
        r.aggregation.offer(
            new TrainResult(
                h.deviceId(),
                r.round,
                h.modelVersion(),
                h.samples(),
                new Ratio(a.widthPpm()),
                data,
                metrics));
    if (!v.accepted()) {
      reject(r, h.deviceId(), new Rejection(Rejection.STRATEGY, v.reason()), h.bytes());
      return Future.succeededFuture();
    }
    long now = fleet.clock().getAsLong();
    long seq = r.nextSequence++;
    r.nonces.put(h.deviceId(), h.nonce());
    r.accepted++;
    r.bytesUp += h.bytes();
    r.denseBytesUp += driver.spec.parameterCount(new Ratio(a.widthPpm())) * 4;
    r.samples += h.samples();
    if (h.loss() != null) {
      r.lossSum += h.loss() * h.samples();
      r.lossWeight += h.samples();
    }
    r.outcome(h.deviceId(), Assignment.Outcome.ACCEPTED, null);
    r.lastAcceptNanos = System.nanoTime();
    Receipt receipt =
        new Receipt(h.deviceId(), h.nonce(), seq, h.samples(), a.widthPpm(), h.bytes(), now);
    Batch batch =
        new Batch()
            .put(
                Family.RECEIPTS,
                StoreKeys.receipt(r.round, h.deviceId()),
                fleet.json().write(receipt))
            .put(Family.AGGREGATES, StoreKeys.updateFrame(r.round, seq), frame);
    return driver
        .save(r, batch, Durability.SYNC)
        .onSuccess(
            x -> {
              fleet.metrics().updateAccepted(h.bytes());
              event(r, h.deviceId(), true, null, h.bytes());
              double seconds = (now - r.openedMillis) / 1000.0;
              fleet.registry().completed(h.deviceId(), seconds, h.samples(), estimate(h, a));
              driver.maybeClose(r);
            })
        .onFailure(
            e -> LOG.error("round {}: cannot store the update of {}", r.round, h.deviceId(), e));
  }

  private double estimate(UpdateHeader h, Assignment a) {
    var d = fleet.registry().get(h.deviceId()).orElse(null);
    if (d == null || d.resources() == null) {
      return 0;
    }
    var q = driver.running.request();
    SizingPolicy p =
        new SizingPolicy(
            SizingPolicy.LADDER, q.batchSize(), q.epochs(), q.deadlineSeconds(), true, 1000);
    DeviceCapacity c =
        new DeviceCapacity(
            d.deviceId(),
            d.resources().memAvailableBytes(),
            d.resources().benchmarkGflops(),
            null,
            h.samples(),
            1);
    return Sizing.seconds(driver.spec, new Ratio(a.widthPpm()), c, p);
  }

  private void reject(LiveRound r, String device, Rejection e, int bytes) {
    fleet.metrics().updateRejected(e.reason());
    boolean first;
    if (r != null) {
      r.reject(e.reason());
      Assignment a = r.assignments.get(device);
      if (a != null && a.outcome() == Assignment.Outcome.ASSIGNED && r.state == RoundState.OPEN) {
        r.outcome(device, Assignment.Outcome.REJECTED, e.reason());
      }
      first = r.logged.size() < MAX_LOGGED && r.logged.add(device + "\n" + e.reason());
      driver.save(r, new Batch(), Durability.RELAXED);
    } else {
      first =
          loggedOutsideRounds.size() < MAX_LOGGED
              && loggedOutsideRounds.add(device + "\n" + e.reason());
    }
    if (first) {
      LOG.warn("update refused ({}): {}", e.reason(), e.getMessage());
    }
    event(r, device, false, e.reason(), bytes);
  }

  private void event(LiveRound r, String device, boolean accepted, String reason, long bytes) {
    fleet
        .events()
        .accept(
            new FleetEvent(
                FleetEvent.Type.UPDATE,
                fleet.clock().getAsLong(),
                new FleetEvent.UpdateEvent(
                    r == null ? "" : r.trainingId,
                    r == null ? 0 : r.round,
                    device,
                    accepted,
                    reason,
                    bytes)));
  }

  private static Rejection asRejection(String device, Throwable t) {
    return t instanceof Rejection r
        ? r
        : new Rejection(Rejection.FRAME, "update from " + device + " failed its checks: " + t);
  }

  /** Re-folds a stored update during recovery; false if it no longer passes (not expected). */
  boolean refold(LiveRound r, Receipt receipt, byte[] frame) {
    List<TensorInfo> layout = driver.spec.tensors(new Ratio(receipt.widthPpm()));
    UpdateData data =
        UpdateBody.check(
            frame, receipt.deviceId(), limits(), layout, driver.running.request().normBound());
    Verdict v =
        r.aggregation.offer(
            new TrainResult(
                receipt.deviceId(),
                r.round,
                r.modelVersion,
                receipt.samples(),
                new Ratio(receipt.widthPpm()),
                data,
                Map.of()));
    r.nonces.put(receipt.deviceId(), receipt.nonce());
    r.nextSequence = Math.max(r.nextSequence, receipt.sequence() + 1);
    return v.accepted();
  }
}
