package io.fleetlearn.coordinator.round;

import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.coordinator.engine.Trainings;
import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.coordinator.registry.DeviceRecord;
import io.fleetlearn.coordinator.sizing.Choice;
import io.fleetlearn.coordinator.sizing.DeviceCapacity;
import io.fleetlearn.coordinator.sizing.DownloadRule;
import io.fleetlearn.coordinator.sizing.Sizing;
import io.fleetlearn.coordinator.sizing.SizingPolicy;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Durability;
import io.fleetlearn.coordinator.strategy.Selection;
import io.fleetlearn.coordinator.strategy.StrategyFactory;
import io.fleetlearn.protocol.message.TaskType;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a round: selects and sizes devices, encodes each variant of the global model once, writes
 * the OPEN round with its new model frames (SYNC), then publishes the frames (retained), clears
 * older versions' retained frames, and sends one task per device with message expiry at the
 * deadline.
 */
final class RoundOpener {
  private static final Logger LOG = LoggerFactory.getLogger(RoundOpener.class);

  private final RoundDriver driver;
  private final Publisher publisher;
  private final Fleet fleet;

  RoundOpener(RoundDriver driver) {
    this.driver = driver;
    this.publisher = new Publisher(driver);
    this.fleet = driver.fleet;
  }

  /** True when a round opened; false when too few devices are eligible (try again later). */
  Future<Boolean> open(TrainingView t, TaskType type) {
    TrainingRequest q = t.request();
    long now = fleet.clock().getAsLong();
    long round = driver.nextRound();
    boolean fullOnly = StrategyFactory.FULL_WIDTH_ONLY.contains(q.strategy());
    SizingPolicy policy =
        new SizingPolicy(
            SizingPolicy.LADDER,
            q.batchSize(),
            type == TaskType.TRAIN ? q.epochs() : 1,
            q.deadlineSeconds(),
            q.sizing() && !fullOnly,
            1000);
    List<String> eligible = new ArrayList<>();
    Map<String, Choice> choices = new TreeMap<>();
    for (DeviceRecord d : fleet.registry().all()) {
      if (Selection.ineligibility(d, now).isPresent()) {
        continue;
      }
      Choice c = Sizing.choose(driver.spec, capacity(d), policy);
      if (c.fitsMemory() || !policy.enabled()) {
        eligible.add(d.deviceId());
        choices.put(d.deviceId(), c);
      }
    }
    List<String> picked =
        Selection.pick(
            eligible, q.fraction(), q.minDevices(), q.maxDevices(), q.seed() * 31 + round);
    if (picked.isEmpty()) {
      return Future.succeededFuture(false);
    }
    LiveRound r =
        new LiveRound(
            t.id(), round, type, driver.globalVersion, now, now + q.deadlineSeconds() * 1000L);
    Map<Ratio, List<String>> byWidth = new TreeMap<>((a, b) -> Integer.compare(b.ppm(), a.ppm()));
    for (String id : picked) {
      byWidth.computeIfAbsent(choices.get(id).width(), w -> new ArrayList<>()).add(id);
    }
    ModelView current = fleet.models().view(driver.globalVersion).orElseThrow();
    Map<String, Pipeline> toEncode = new LinkedHashMap<>();
    Map<String, Ratio> widths = new LinkedHashMap<>();
    for (Map.Entry<Ratio, List<String>> e : byWidth.entrySet()) {
      Ratio w = e.getKey();
      String variant = variantName(w);
      widths.put(variant, w);
      long dense = driver.spec.parameterCount(w) * 4;
      Pipeline p =
          TrainingRequest.AUTO.equals(q.downloadPipeline())
              ? DownloadRule.choose(w, dense, slowestLink(e.getValue()), q.deadlineSeconds())
              : DownloadRule.named(q.downloadPipeline(), w);
      ModelView.Variant known =
          current.variants().stream()
              .filter(v -> v.variant().equals(variant))
              .findFirst()
              .orElse(null);
      String pipelineName = known != null ? known.downloadPipeline() : p.toString();
      if (known == null) {
        toEncode.put(variant, p);
      }
      for (String id : e.getValue()) {
        r.assignments.put(
            id,
            new Assignment(id, variant, w.ppm(), pipelineName, Assignment.Outcome.ASSIGNED, null));
      }
    }
    long version = driver.globalVersion;
    return fleet
        .vertx()
        .executeBlocking(() -> encode(toEncode, version, q.seed()), false)
        .compose(frames -> persist(r, frames, widths))
        .compose(v -> publish(r, t, widths))
        .map(true);
  }

  private Map<String, byte[]> encode(Map<String, Pipeline> pipelines, long version, long seed) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Pipeline> e : pipelines.entrySet()) {
      EncodeContext ctx =
          new EncodeContext(driver.spec.chain(), null, new SplittableRandom(seed ^ version));
      out.put(
          e.getKey(),
          e.getValue().encodeFrame(FrameMeta.model(version, e.getKey()), driver.global, ctx));
    }
    return out;
  }

  private Future<Void> persist(LiveRound r, Map<String, byte[]> frames, Map<String, Ratio> widths) {
    Batch batch = new Batch();
    ModelView view = null;
    for (Map.Entry<String, byte[]> e : frames.entrySet()) {
      Ratio w = widths.get(e.getKey());
      Assignment any =
          r.assignments.values().stream()
              .filter(a -> a.variant().equals(e.getKey()))
              .findFirst()
              .orElseThrow();
      long params = driver.spec.parameterCount(w);
      ModelView.Variant v =
          new ModelView.Variant(
              e.getKey(), w.ppm(), params, e.getValue().length, params * 4, any.downloadPipeline());
      view = fleet.models().addVariant(batch, v, r.modelVersion, e.getValue());
      fleet.models().stored(view); // The next variant builds on this view; written below.
    }
    ModelView current = fleet.models().view(r.modelVersion).orElseThrow();
    for (ModelView.Variant v : current.variants()) {
      if (widths.containsKey(v.variant())) {
        r.bytesDown += v.frameBytes();
        r.denseBytesDown += v.denseBytes();
      }
    }
    if (r.type == TaskType.TRAIN) {
      driver.beginAggregation(r);
    }
    driver.live = r;
    return driver
        .save(r, batch, Durability.SYNC)
        .compose(
            v ->
                fleet
                    .trainings()
                    .update(
                        r.trainingId,
                        t ->
                            Trainings.withResult(
                                t, r.round, t.modelVersion(), t.accuracy(), t.loss())))
        .mapEmpty();
  }

  /** Publishes the round's model frames and tasks; also used to republish after a restart. */
  Future<Void> publish(LiveRound r, TrainingView t, Map<String, Ratio> widths) {
    return publisher.publish(r, t, widths);
  }

  /** Sends one device its task again. */
  Future<Void> sendTask(LiveRound r, TrainingView t, Assignment a) {
    return publisher.sendTask(r, t, a);
  }

  static String variantName(Ratio w) {
    return "w" + w.ppm();
  }

  private Double slowestLink(List<String> ids) {
    double slowest = Double.MAX_VALUE;
    for (String id : ids) {
      DeviceRecord d = fleet.registry().get(id).orElse(null);
      Double link = d == null || d.resources() == null ? null : d.resources().linkBytesPerSecond();
      if (link == null) {
        return null;
      }
      slowest = Math.min(slowest, link);
    }
    return slowest;
  }

  private static DeviceCapacity capacity(DeviceRecord d) {
    return new DeviceCapacity(
        d.deviceId(),
        d.resources().memAvailableBytes(),
        d.resources().benchmarkGflops(),
        d.resources().linkBytesPerSecond(),
        d.lastSamples(),
        d.slowdown());
  }
}
