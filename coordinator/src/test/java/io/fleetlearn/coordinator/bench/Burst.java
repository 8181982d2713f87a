package io.fleetlearn.coordinator.bench;

/**
 * One measured burst: {@code messages} sent from {@code startNanos} on, the last one handled at
 * {@code endNanos}.
 */
record Burst(int messages, long startNanos, long endNanos) {
  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }
}
