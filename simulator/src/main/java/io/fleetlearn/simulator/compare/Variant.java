package io.fleetlearn.simulator.compare;

import io.fleetlearn.simulator.run.Settings;
import java.util.Objects;

/**
 * One run of a comparison.
 *
 * @param name how the reports call it: {@code uncompressed}, {@code compressed}, {@code full-width}
 *     or {@code sized}
 * @param settings what it runs
 */
public record Variant(String name, Settings settings) {
  public Variant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
  }
}
