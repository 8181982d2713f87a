package io.fleetlearn.aggregation.privacy;

/**
 * A differential-privacy guarantee: the mechanism composed so far is {@code (epsilon,
 * delta)}-differentially private.
 *
 * @param epsilon the privacy loss bound; {@code +Infinity} when there is no guarantee (no noise)
 * @param delta the probability with which the bound may fail
 * @param order the Rényi order at which the conversion from RDP gave the smallest epsilon; 0 when
 *     no step was taken or no order gives a finite bound
 * @param steps how many invocations of the mechanism the guarantee covers
 */
public record PrivacySpent(double epsilon, double delta, int order, long steps) {}
