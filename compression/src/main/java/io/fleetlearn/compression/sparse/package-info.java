/**
 * Update sparsification: which elements of an update a device sends. {@link
 * io.fleetlearn.compression.sparse.Sparsifier}s choose indices (exact and sampled top-k by
 * magnitude, uniformly random k, a fixed threshold), and {@link
 * io.fleetlearn.compression.sparse.ErrorFeedback} keeps what was not sent for the next round, so
 * that sparsification delays information instead of losing it.
 */
package io.fleetlearn.compression.sparse;
