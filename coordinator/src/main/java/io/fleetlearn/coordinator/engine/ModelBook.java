package io.fleetlearn.coordinator.engine;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.store.AsyncStore;
import io.fleetlearn.coordinator.store.Batch;
import io.fleetlearn.coordinator.store.Entry;
import io.fleetlearn.coordinator.store.Family;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Global model versions: their views in memory, their dense weights and published frames in the
 * {@code models} family. Versions are numbered across the fleet (not per training), so a topic
 * {@code model/{version}/...} and an update's base version never mean two different models.
 */
public final class ModelBook {
  private static final Pipeline DENSE = Pipeline.parse("Fp32");
  private static final int MAX_VERSIONS = 1_000_000;

  private final Vertx vertx;
  private final AsyncStore store;
  private final StoredJson json;
  private final TreeMap<Long, ModelView> views = new TreeMap<>();

  public ModelBook(Vertx vertx, AsyncStore store, StoredJson json) {
    this.vertx = vertx;
    this.store = store;
    this.json = json;
  }

  public Future<Void> load() {
    return store
        .scan(Family.MODELS, StoreKeys.modelViews(), MAX_VERSIONS)
        .map(
            entries -> {
              for (Entry e : entries) {
                ModelView v = json.read(e.value(), ModelView.class);
                views.put(v.version(), v);
              }
              return null;
            });
  }

  /** The next free version number. */
  public long nextVersion() {
    return views.isEmpty() ? 0 : views.lastKey() + 1;
  }

  public Optional<ModelView> view(long version) {
    return Optional.ofNullable(views.get(version));
  }

  /** The versions of one training, oldest first. */
  public List<ModelView> of(String trainingId) {
    List<ModelView> out = new ArrayList<>();
    for (ModelView v : views.values()) {
      if (v.trainingId().equals(trainingId)) {
        out.add(v);
      }
    }
    return out;
  }

  /** Every version, oldest first. */
  public List<ModelView> all() {
    return List.copyOf(views.values());
  }

  /** The dense weights of a version (decoded on a worker). */
  public Future<Model> global(long version) {
    return store
        .get(Family.MODELS, StoreKeys.globalModel(version))
        .compose(
            b ->
                b.isEmpty()
                    ? Future.failedFuture(
                        new IllegalStateException("model version " + version + " is not stored"))
                    : vertx.executeBlocking(
                        () ->
                            Frames.decode(
                                    b.get(),
                                    DecodeLimits.defaults()
                                        .withMaxFrameBytes(Integer.MAX_VALUE - 8))
                                .model(),
                        false));
  }

  /** The stored form of a version's weights: an Fp32 frame (CPU work; any thread). */
  public static byte[] denseFrame(long version, Model model) {
    return DENSE.encodeFrame(FrameMeta.model(version, "global"), model, EncodeContext.plain());
  }

  /** Adds a new version's weights and view to {@code batch}; call {@link #stored} once written. */
  public ModelView addVersion(
      Batch batch, String trainingId, long version, long round, Model model, long now) {
    return addVersion(batch, trainingId, version, round, denseFrame(version, model), now);
  }

  /** As the other {@code addVersion}, with the weights already encoded. */
  public ModelView addVersion(
      Batch batch, String trainingId, long version, long round, byte[] dense, long now) {
    ModelView v = new ModelView(trainingId, version, round, now, List.of());
    batch.put(Family.MODELS, StoreKeys.globalModel(version), dense);
    batch.put(Family.MODELS, StoreKeys.modelView(version), json.write(v));
    return v;
  }

  /** Adds a published variant's frame and the version's updated view to {@code batch}. */
  public ModelView addVariant(Batch batch, ModelView.Variant variant, long version, byte[] frame) {
    ModelView old = views.get(version);
    List<ModelView.Variant> variants = new ArrayList<>(old.variants());
    variants.removeIf(x -> x.variant().equals(variant.variant()));
    variants.add(variant);
    variants.sort((a, b) -> Integer.compare(b.widthPpm(), a.widthPpm()));
    ModelView v =
        new ModelView(old.trainingId(), version, old.round(), old.createdMillis(), variants);
    batch.put(Family.MODELS, StoreKeys.modelFrame(version, variant.variant()), frame);
    batch.put(Family.MODELS, StoreKeys.modelView(version), json.write(v));
    return v;
  }

  /** Makes a written view visible. */
  public void stored(ModelView v) {
    views.put(v.version(), v);
  }

  /** A published frame, exactly as sent. */
  public Future<Optional<byte[]>> frame(long version, String variant) {
    return store.get(Family.MODELS, StoreKeys.modelFrame(version, variant));
  }

  /** The versions before {@code version} with published frames, for clearing retained ones. */
  public List<ModelView> publishedBefore(long version) {
    List<ModelView> out = new ArrayList<>();
    for (ModelView m : views.headMap(version).values()) {
      if (!m.variants().isEmpty()) {
        out.add(m);
      }
    }
    return out;
  }
}
