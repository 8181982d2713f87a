/**
 * Tensors and models as plain float arrays: named tensors with shapes, views into shared arrays,
 * models as ordered lists, and exact ratios for counts derived from fractions.
 */
package io.fleetlearn.compression.tensor;
