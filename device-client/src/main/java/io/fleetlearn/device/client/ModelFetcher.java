package io.fleetlearn.device.client;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.Frame;
import io.fleetlearn.compression.frame.FrameKind;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.device.inference.ModelStore;
import io.fleetlearn.device.inference.StoredModel;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.device.transport.TransportException;
import io.fleetlearn.protocol.spec.ModelSpec;
import io.fleetlearn.protocol.topic.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the retained model frame a task names, decodes it within {@link DecodeLimits} and checks
 * it: kind, version, the spec's layout at the task's width, and that every weight is finite. The
 * last good model is kept, so a task on the same version needs no fetch and a bad frame leaves the
 * device with the model it had. Used by one worker thread; the transport thread only hands over
 * payloads.
 */
final class ModelFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(ModelFetcher.class);
  private static final int MAX_LOGGED = 64;

  private record Held(long version, String variant, Model model) {}

  private final Transport transport;
  private final Topics topics;
  private final DecodeLimits limits;
  private final ModelStore store;
  private final Map<String, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();
  private Held held;

  ModelFetcher(Transport transport, Topics topics, DecodeLimits limits, ModelStore store) {
    this.transport = transport;
    this.topics = topics;
    this.limits = limits;
    this.store = store;
  }

  /** The version of the last good model, -1 before the first. */
  synchronized long heldVersion() {
    return held == null ? -1 : held.version();
  }

  /**
   * The model of {@code version}/{@code variant} in the layout {@code spec.tensors(width)}.
   *
   * @param wait the longest wait for the frame (the caller bounds it by the task's deadline)
   * @throws RoundRefusal when the frame does not come, does not decode or has the wrong layout
   */
  Model fetch(long version, String variant, ModelSpec spec, Ratio width, Duration wait)
      throws RoundRefusal {
    synchronized (this) {
      if (held != null && held.version() == version && held.variant().equals(variant)) {
        check(held.model(), spec, width, "held model " + version + "/" + variant);
        return held.model();
      }
    }
    String topic = topics.model(version, variant);
    CompletableFuture<byte[]> arrival = new CompletableFuture<>();
    waiting.put(topic, arrival);
    byte[] frame;
    try {
      // Subscribing again is deliberate: the broker then sends the retained frame again.
      transport.subscribe(topic, 1, this::onModel);
      frame = arrival.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TransportException e) {
      throw new RoundRefusal("cannot subscribe to " + topic + ": " + e.reason());
    } catch (TimeoutException e) {
      throw new RoundRefusal(
          "model " + topic + " did not arrive within " + wait.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RoundRefusal("interrupted while waiting for " + topic);
    } catch (ExecutionException e) {
      throw new RoundRefusal("model " + topic + ": " + e.getCause().getMessage());
    } finally {
      waiting.remove(topic, arrival);
    }
    Model model = decode(topic, frame, version);
    check(model, spec, width, topic);
    requireFinite(model, topic);
    synchronized (this) {
      held = new Held(version, variant, model);
    }
    keep(new StoredModel(spec.toString(), width, version, variant, frame));
    return model;
  }

  /** Stores the accepted model for local inference; a failure costs only that, not the round. */
  private void keep(StoredModel m) {
    try {
      store.save(m);
    } catch (IOException | RuntimeException e) {
      LOG.warn("model {}/{} not stored for predict: {}", m.version(), m.variant(), e.toString());
    }
  }

  /** Runs on a transport thread: hands the payload over, never decodes here. */
  private void onModel(String topic, byte[] payload) {
    CompletableFuture<byte[]> f = waiting.get(topic);
    if (f != null && payload.length > 0) { // An empty retained message clears a topic.
      f.complete(payload);
    }
  }

  private Model decode(String topic, byte[] bytes, long version) throws RoundRefusal {
    Frame frame;
    try {
      frame = Frames.decode(bytes, limits);
    } catch (CodecException e) {
      throw refused(topic, e.getMessage());
    }
    if (frame.header().kind() != FrameKind.MODEL) {
      throw refused(topic, "frame kind is " + frame.header().kind() + ", expected MODEL");
    }
    if (frame.header().modelVersion() != version) {
      throw refused(
          topic, "frame says version " + frame.header().modelVersion() + ", task says " + version);
    }
    return frame.model();
  }

  private void check(Model model, ModelSpec spec, Ratio width, String what) throws RoundRefusal {
    List<TensorInfo> expected = spec.tensors(width);
    List<TensorInfo> found = new ArrayList<>();
    for (int i = 0; i < model.size(); i++) {
      found.add(new TensorInfo(model.tensor(i).name(), model.tensor(i).shape()));
    }
    if (!found.equals(expected)) {
      String reason =
          "layout "
              + found.size()
              + " tensors "
              + found
              + " is not "
              + spec
              + " at width "
              + width
              + " "
              + expected;
      throw refused(what, reason);
    }
  }

  /**
   * Refuses a model with a NaN or infinite weight: the frame is untrusted input, and such a model
   * would make every prediction and every local update of the round non-finite.
   */
  private void requireFinite(Model model, String topic) throws RoundRefusal {
    for (Tensor t : model.tensors()) {
      for (int k = 0; k < t.size(); k++) {
        float v = t.get(k);
        if (!Float.isFinite(v)) {
          int count = 0;
          for (Tensor u : model.tensors()) {
            for (int j = 0; j < u.size(); j++) {
              count += Float.isFinite(u.get(j)) ? 0 : 1;
            }
          }
          throw refused(
              topic,
              "weights must be finite, found "
                  + v
                  + " at "
                  + t.name()
                  + "["
                  + k
                  + "] ("
                  + count
                  + " non-finite of "
                  + model.parameterCount()
                  + ")");
        }
      }
    }
  }

  private RoundRefusal refused(String topic, String reason) {
    String full = "model frame refused: " + topic + ": " + reason;
    // A coordinator may repeat a bad frame every round: log each distinct reason once.
    if (logged.size() < MAX_LOGGED && logged.add(full)) {
      LOG.warn("{}; keeping model version {}", full, heldVersion());
    }
    return new RoundRefusal(full);
  }
}
