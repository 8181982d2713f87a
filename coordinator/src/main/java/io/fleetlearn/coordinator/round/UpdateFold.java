package io.fleetlearn.coordinator.round;

import io.fleetlearn.aggregation.update.TrainResult;
import io.fleetlearn.aggregation.update.UpdateData;
import io.fleetlearn.aggregation.update.Verdict;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.coordinator.engine.StoreKeys;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.ingest.Rejection;
import io.fleetlearn.coordinator.ingest.UpdateBody;
import io.fleetlearn.coordinator.ingest.UpdateHeader;
import io.fleetlearn.coordinator.sizing.DeviceCapacity;
import io.fleetlearn.coordinator.sizing.Sizing;
import io.fleetlearn.coordinator.sizing.SizingPolicy;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Family;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a checked update into the open round and makes it durable: the strategy's verdict, then the
 * receipt and the frame in one SYNC batch; the device's round time and sample claim go to the
 * registry (its slowdown for sizing). Also re-folds stored updates on recovery.
 */
final class UpdateFold {
  private static final Logger LOG = LoggerFactory.getLogger(UpdateFold.class);

  private final RoundDriver driver;
  private final Fleet fleet;
  private final UpdateIntake intake;

  UpdateFold(RoundDriver driver, UpdateIntake intake) {
    this.driver = driver;
    this.fleet = driver.fleet;
    this.intake = intake;
  }

  Future<Void> fold(LiveRound r, UpdateHeader h, Assignment a, UpdateData data, byte[] frame) {
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
      intake.reject(r, h.deviceId(), new Rejection(Rejection.STRATEGY, v.reason()), h.bytes());
      return Future.succeededFuture();
    }
    long now = fleet.clock().getAsLong();
    long seq = r.nextSequence++;
    long dense = driver.spec.parameterCount(new Ratio(a.widthPpm())) * 4;
    Receipt receipt =
        new Receipt(
            h.deviceId(),
            h.nonce(),
            seq,
            h.samples(),
            a.widthPpm(),
            h.bytes(),
            now,
            dense,
            h.loss(),
            h.modelVersion());
    receipt.countInto(r);
    r.lastAcceptNanos = System.nanoTime();
    Batch batch =
        new Batch()
            .put(
                Family.RECEIPTS,
                StoreKeys.receipt(r.round, h.deviceId()),
                fleet.json().write(receipt))
            .put(Family.AGGREGATES, StoreKeys.updateFrame(r.round, seq), frame);
    return fleet
        .receipts()
        .write(batch)
        .onSuccess(
            x -> {
              fleet.metrics().updateAccepted(h.bytes());
              intake.event(r, h.deviceId(), true, null, h.bytes());
              double seconds = (now - r.openedMillis) / 1000.0;
              fleet.registry().completed(h.deviceId(), seconds, h.samples(), estimate(h, a));
              driver.touch(r);
              driver.closer.maybeClose(r);
            })
        .onFailure(
            e -> LOG.error("round {}: cannot store the update of {}", r.round, h.deviceId(), e))
        .recover(e -> Future.succeededFuture());
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

  /** Re-folds a stored update during recovery; false if it no longer passes (not expected). */
  boolean refold(LiveRound r, Receipt receipt, byte[] frame) {
    List<TensorInfo> layout = driver.spec.tensors(new Ratio(receipt.widthPpm()));
    UpdateData data =
        UpdateBody.check(
            frame,
            receipt.deviceId(),
            intake.limits(),
            layout,
            driver.running.request().normBound());
    Verdict v =
        r.aggregation.offer(
            new TrainResult(
                receipt.deviceId(),
                r.round,
                receipt.baseVersion(),
                receipt.samples(),
                new Ratio(receipt.widthPpm()),
                data,
                Map.of()));
    receipt.countInto(r);
    r.nextSequence = Math.max(r.nextSequence, receipt.sequence() + 1);
    return v.accepted();
  }
}
