/**
 * Client-level differential privacy: {@link io.fleetlearn.aggregation.privacy.DpFedAvg} (clipped,
 * noised federated averaging over Poisson-sampled devices) and {@link
 * io.fleetlearn.aggregation.privacy.RdpAccountant}, the Rényi-DP accounting of the sampled Gaussian
 * mechanism that turns its rounds into an (ε, δ) guarantee.
 */
package io.fleetlearn.aggregation.privacy;
