package io.fleetlearn.compression.sparse;

/** Over what a count or a ranking applies. */
public enum Scope {
  /** Each tensor on its own: every tensor keeps its share. */
  PER_TENSOR,
  /**
   * All tensors of the model ranked together: layers with larger values keep more, and a layer may
   * keep nothing.
   */
  GLOBAL
}
