package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What a pipeline needs besides the model: the layer chain that width slicing walks, the device's
 * error-feedback state, and the random source for random-k and stochastic rounding.
 *
 * @param chain needed by pipelines with a {@code Width} stage; null otherwise
 * @param feedback needed by pipelines with {@code ErrorFeedback}; updated by each encode
 * @param rng drives random-k and stochastic rounding
 */
public record EncodeContext(LayerChain chain, ErrorFeedback feedback, RandomGenerator rng) {
  public EncodeContext {
    java.util.Objects.requireNonNull(rng, "rng");
  }

  /** No chain, no feedback, a fixed seed: deterministic encodes. */
  public static EncodeContext plain() {
    return new EncodeContext(null, null, new SplittableRandom(0x5EED));
  }

  public EncodeContext withChain(LayerChain c) {
    return new EncodeContext(c, feedback, rng);
  }

  public EncodeContext withFeedback(ErrorFeedback f) {
    return new EncodeContext(chain, f, rng);
  }
}
