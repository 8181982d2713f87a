package io.fleetlearn.simulator.device;

import io.fleetlearn.simulator.fleet.Churn;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Times a churning device's goings and comings: online for an exponential time (mean {@link
 * Churn#onlineSeconds()}), then off for one (mean {@link Churn#offlineSeconds()}), from a seeded
 * generator of its own.
 */
final class ChurnClock {
  /** What the clock acts on. */
  interface Device {
    /**
     * Goes off the network if it is on it.
     *
     * @return a token for {@link #comeBack}, or negative if it was away already (then this going is
     *     skipped and the next one drawn)
     */
    long goOff();

    /** Comes back after the going-off {@code token}, unless something else happened since. */
    void comeBack(long token);
  }

  private final Churn churn;
  private final Device device;
  private final ScheduledExecutorService scheduler;
  private final SplittableRandom random;

  ChurnClock(Churn churn, Device device, ScheduledExecutorService scheduler, long seed) {
    this.churn = churn;
    this.device = device;
    this.scheduler = scheduler;
    this.random = new SplittableRandom(seed);
  }

  /** Draws the first going-off from now. */
  void start() {
    after(churn.onlineSeconds(), this::off);
  }

  private void off() {
    long token = device.goOff();
    if (token < 0) {
      start();
      return;
    }
    after(
        churn.offlineSeconds(),
        () -> {
          device.comeBack(token);
          start();
        });
  }

  private void after(double meanSeconds, Runnable r) {
    long millis;
    synchronized (random) {
      millis = Math.max(1, Math.round(1000 * Churn.exponential(meanSeconds, random.nextDouble())));
    }
    try {
      scheduler.schedule(r, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The fleet is closing: no more churn.
    }
  }
}
