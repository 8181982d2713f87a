package io.fleetlearn.coordinator.bench;

import java.util.List;

/**
 * What one phase of the benchmark measured.
 *
 * @param name what ran
 * @param bursts one per round
 */
record PhaseResult(String name, List<Burst> bursts) {
  PhaseResult {
    bursts = List.copyOf(bursts);
  }

  int messages() {
    return bursts.stream().mapToInt(Burst::messages).sum();
  }

  double seconds() {
    return bursts.stream().mapToDouble(Burst::seconds).sum();
  }

  /** Messages per second over all bursts (total messages over total burst time). */
  double rate() {
    return messages() / seconds();
  }
}
