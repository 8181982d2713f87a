package io.fleetlearn.simulator.compare;

import io.fleetlearn.simulator.run.Outcome;
import io.fleetlearn.simulator.run.ProgressListener;
import io.fleetlearn.simulator.run.Settings;
import io.fleetlearn.simulator.run.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs the variants of one or more {@link Aspect}s one after another, on the same fleet, data split
 * and seed, each in its own run folder under {@code base.out()/{variant}}. Two variants with the
 * same training settings (e.g. {@code compressed} and {@code full-width} when the base run is not
 * sized) are one run, reported under both names: running it twice would only measure noise.
 */
public final class Comparison {
  private final Settings base;
  private final List<Aspect> aspects;
  private final double target;

  /**
   * @param base the candidate settings every variant derives from
   * @param aspects what to vary
   * @param target the accuracy whose rounds and seconds to reach are reported
   */
  public Comparison(Settings base, List<Aspect> aspects, double target) {
    if (aspects.isEmpty()) {
      throw new IllegalArgumentException("a comparison needs at least one aspect");
    }
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("target accuracy (" + target + ") must be in (0, 1]");
    }
    this.base = base;
    this.aspects = List.copyOf(aspects);
    this.target = target;
  }

  /** The variants in run order, names unique. */
  public List<Variant> variants() {
    Map<String, Variant> byName = new LinkedHashMap<>();
    for (Aspect a : aspects) {
      for (Variant v : a.variants(base)) {
        byName.putIfAbsent(v.name(), v);
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * Runs every distinct variant.
   *
   * @param progress a listener per variant (e.g. one that prefixes its name)
   */
  public ComparisonOutcome run(Function<Variant, ProgressListener> progress)
      throws IOException, InterruptedException {
    Path folder = Files.createDirectories(base.out());
    Map<Settings.Training, String> ranAs = new LinkedHashMap<>();
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    List<RunSummary> runs = new ArrayList<>();
    for (Variant v : variants()) {
      String first = ranAs.get(v.settings().training());
      if (first != null) {
        runs.add(new RunSummary(v.name(), Optional.of(first), outcomes.get(first), target));
        continue;
      }
      Settings s = v.settings().withOut(folder.resolve(v.name()));
      Outcome o = new Simulation(s, progress.apply(v)).run();
      ranAs.put(v.settings().training(), v.name());
      outcomes.put(v.name(), o);
      runs.add(new RunSummary(v.name(), Optional.empty(), o, target));
    }
    return new ComparisonOutcome(folder, aspects, runs, target);
  }
}
