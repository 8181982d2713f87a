package io.fleetlearn.simulator.compare;

import io.fleetlearn.simulator.run.ForwardingProgress;
import io.fleetlearn.simulator.run.Outcome;
import io.fleetlearn.simulator.run.ProgressListener;
import io.fleetlearn.simulator.run.Settings;
import io.fleetlearn.simulator.run.Simulation;
import io.fleetlearn.simulator.run.TransportKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the variants of one or more {@link Aspect}s on the same fleet, data split and seed, each in
 * its own run folder under {@code base.out()/{variant}}: one after another, or all at once. Two
 * variants with the same training settings (e.g. {@code compressed} and {@code full-width} when the
 * base run is not sized) are one run, reported under both names: running it twice would only
 * measure noise.
 */
public final class Comparison {
  private static final Logger LOG = LoggerFactory.getLogger(Comparison.class);

  private final Settings base;
  private final List<Aspect> aspects;
  private final Options options;

  /**
   * How a comparison runs.
   *
   * @param target the accuracy whose rounds and seconds to reach are reported, in (0, 1]
   * @param sizedDeadlineSeconds the sized run's round deadline when it is not the base run's (see
   *     {@link Aspect#variants(Settings, OptionalInt)}), in [1, 86400]
   * @param concurrent whether the runs go at the same time, each with its own coordinator, broker
   *     and fleet in this process. They then share the CPU: emulated devices stay as slow as their
   *     profiles say (the compute stretch counts CPU time, not wall time), but a run's wall time
   *     includes waiting for the others' work.
   */
  public record Options(double target, OptionalInt sizedDeadlineSeconds, boolean concurrent) {
    public Options {
      if (!(target > 0 && target <= 1)) {
        throw new IllegalArgumentException("target accuracy (" + target + ") must be in (0, 1]");
      }
      if (sizedDeadlineSeconds.isPresent()
          && (sizedDeadlineSeconds.getAsInt() < 1 || sizedDeadlineSeconds.getAsInt() > 86_400)) {
        throw new IllegalArgumentException(
            "sized deadline ("
                + sizedDeadlineSeconds.getAsInt()
                + " s) must be in [1, 86400] seconds");
      }
    }

    /** One run after another, every run at the base deadline. */
    public static Options sequential(double target) {
      return new Options(target, OptionalInt.empty(), false);
    }
  }

  /**
   * @param base the candidate settings every variant derives from
   * @param aspects what to vary
   * @param target the accuracy whose rounds and seconds to reach are reported
   */
  public Comparison(Settings base, List<Aspect> aspects, double target) {
    this(base, aspects, Options.sequential(target));
  }

  /**
   * @param base the candidate settings every variant derives from
   * @param aspects what to vary
   * @param options target, the sized run's deadline, concurrency
   */
  public Comparison(Settings base, List<Aspect> aspects, Options options) {
    if (aspects.isEmpty()) {
      throw new IllegalArgumentException("a comparison needs at least one aspect");
    }
    this.base = base;
    this.aspects = List.copyOf(aspects);
    this.options = options;
  }

  /** The variants in run order, names unique. */
  public List<Variant> variants() {
    Map<String, Variant> byName = new LinkedHashMap<>();
    for (Aspect a : aspects) {
      for (Variant v : a.variants(base, options.sizedDeadlineSeconds())) {
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
    Map<Settings.Training, Variant> firsts = new LinkedHashMap<>();
    for (Variant v : variants()) {
      firsts.putIfAbsent(v.settings().training(), v);
    }
    List<Variant> distinct = List.copyOf(firsts.values());
    Map<String, Outcome> outcomes =
        options.concurrent()
            ? concurrently(distinct, folder, progress)
            : sequentially(distinct, folder, progress);
    List<RunSummary> runs = new ArrayList<>();
    for (Variant v : variants()) {
      String first = firsts.get(v.settings().training()).name();
      Optional<String> sameAs = first.equals(v.name()) ? Optional.empty() : Optional.of(first);
      runs.add(new RunSummary(v.name(), sameAs, outcomes.get(first), options.target()));
    }
    return new ComparisonOutcome(folder, aspects, runs, options.target());
  }

  private static Map<String, Outcome> sequentially(
      List<Variant> variants, Path folder, Function<Variant, ProgressListener> progress)
      throws IOException, InterruptedException {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (Variant v : variants) {
      outcomes.put(v.name(), simulate(v, folder, progress.apply(v)));
    }
    return outcomes;
  }

  private static Map<String, Outcome> concurrently(
      List<Variant> variants, Path folder, Function<Variant, ProgressListener> progress)
      throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(variants.size());
    try {
      Map<String, Future<Outcome>> futures = new LinkedHashMap<>();
      for (Variant v : variants) {
        // One run at a time until its broker is up: HiveMQ's extension services are a static
        // holder in the SDK, so two embedded brokers starting at once can register their
        // authenticators on each other (seen: a coordinator refused by its own broker).
        CompletableFuture<Void> up = new CompletableFuture<>();
        ProgressListener signalling = new SignallingListener(progress.apply(v), up);
        futures.put(
            v.name(),
            pool.submit(
                () -> {
                  try {
                    return simulate(v, folder, signalling);
                  } finally {
                    // A run that fails before its fleet is online ends the wait too.
                    up.complete(null);
                  }
                }));
        up.join();
      }
      Map<String, Outcome> outcomes = new LinkedHashMap<>();
      for (Map.Entry<String, Future<Outcome>> f : futures.entrySet()) {
        try {
          outcomes.put(f.getKey(), f.getValue().get());
        } catch (ExecutionException e) {
          // One failed run makes the comparison meaningless: stop the others rather than let
          // them run for the rest of their rounds.
          LOG.warn("run '{}' failed; stopping the other runs", f.getKey());
          pool.shutdownNow();
          throw rethrown(f.getKey(), e.getCause());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Passes everything on, and completes {@code up} once the run's coordinator and fleet are up. */
  private static final class SignallingListener extends ForwardingProgress {
    private final CompletableFuture<Void> up;

    SignallingListener(ProgressListener inner, CompletableFuture<Void> up) {
      super(inner);
      this.up = up;
    }

    @Override
    public void started(String dashboard, int devices, String dataSource, String runFolder) {
      super.started(dashboard, devices, dataSource, runFolder);
      up.complete(null);
    }

    @Override
    public void online(int devices, double seconds, TransportKind transport) {
      super.online(devices, seconds, transport);
      up.complete(null);
    }
  }

  private static Outcome simulate(Variant v, Path folder, ProgressListener progress)
      throws IOException, InterruptedException {
    Settings s = v.settings().withOut(folder.resolve(v.name()));
    return new Simulation(s, progress).run();
  }

  private static IOException rethrown(String run, Throwable cause) {
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException("run '" + run + "' failed: " + cause, cause);
  }
}
