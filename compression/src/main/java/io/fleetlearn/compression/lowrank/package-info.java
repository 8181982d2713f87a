/**
 * Low-rank factorization of weight matrices by truncated SVD: an {@code m x n} matrix becomes an
 * {@code m x r} and an {@code r x n} factor, {@code r(m + n)} values instead of {@code mn}. By the
 * Eckart-Young theorem the truncated SVD is the best rank-{@code r} approximation in the Frobenius
 * norm, and its relative error is known exactly from the dropped singular values.
 */
package io.fleetlearn.compression.lowrank;
