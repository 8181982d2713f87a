package io.fleetlearn.aggregation.robust;

import io.fleetlearn.aggregation.strategy.Strategy;
import io.fleetlearn.aggregation.strategy.TrainTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Device sampling shared by the robust rules: {@code max(minDevices, ceil(fraction × available))}
 * devices, drawn without replacement. The available ids are sorted first, so the choice depends on
 * the set of devices and the rng only, not on the order the coordinator lists them in.
 */
abstract class SampledStrategy implements Strategy {
  private final double fraction;
  private final int minDevices;

  SampledStrategy(double fraction, int minDevices) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction (" + fraction + ") must be in (0, 1]");
    }
    if (minDevices < 1) {
      throw new IllegalArgumentException("minDevices (" + minDevices + ") must be >= 1");
    }
    this.fraction = fraction;
    this.minDevices = minDevices;
  }

  /** The share of available devices asked to train. */
  public double fraction() {
    return fraction;
  }

  /** The fewest devices a round runs with; fewer available gives no tasks. */
  public int minDevices() {
    return minDevices;
  }

  /** Samples the devices of a round; empty when fewer than {@link #minDevices} are available. */
  @Override
  public List<TrainTask> configureTrain(long round, List<String> available, RandomGenerator rng) {
    if (available.size() < minDevices) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(available);
    Collections.sort(ids);
    int k = Math.max(minDevices, (int) Math.ceil(fraction * ids.size()));
    k = Math.min(k, ids.size());
    // Partial Fisher–Yates: the first k slots become a uniform sample without replacement.
    List<TrainTask> tasks = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(ids.size() - i);
      Collections.swap(ids, i, j);
      tasks.add(new TrainTask(ids.get(i), Map.of()));
    }
    return List.copyOf(tasks);
  }
}
