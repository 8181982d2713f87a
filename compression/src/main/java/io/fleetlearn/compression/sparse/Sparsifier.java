package io.fleetlearn.compression.sparse;

import io.fleetlearn.compression.tensor.Model;
import java.util.random.RandomGenerator;

/**
 * Chooses which elements of each tensor of an update are sent.
 *
 * <p>{@link #toString()} is the sparsifier's token in a pipeline name, e.g. {@code TopK(1%)}.
 */
public interface Sparsifier {

  /**
   * The kept elements of each tensor of {@code m}, in tensor order: flat indices within the tensor,
   * strictly ascending; or null for a tensor that is kept whole, which the pipeline then sends
   * dense (every element of it is kept, and its indices would only add bytes). Does not modify
   * {@code m}. {@code rng} drives the randomized sparsifiers; the deterministic ones ignore it, and
   * it may then be null.
   */
  int[][] select(Model m, RandomGenerator rng);
}
